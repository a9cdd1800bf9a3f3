import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { deleteAllSchedules } from '../../schedules';
import { testDeps } from '../helpers/deps';
import { PRICES_DIR } from '../helpers/paths';
import { tempDir } from '../helpers/temp-dir';
import { testClient, withWorkers } from '../helpers/temporal';
import { runCli, writeTestConfig } from './helpers';

/**
 * The CLI as an operator uses it: real `stockflow` processes against the shared dev server,
 * with real workers (in this process) on a task queue of their own and one data directory
 * that both sides use. The tests run in order and build on each other (train → status → …).
 */
describe('stockflow CLI against a real Temporal dev server and real workers', () => {
  const dataDir = tempDir('stockflow-cli-');
  const training = { epochs: 2, quickEpochs: 2, seed: 7, evalDays: 40 };
  const deps = testDeps({ dataDir, symbols: ['SPY', 'SMR'], training });
  let env: Record<string, string>;
  let release: () => void = () => undefined;
  let workers: Promise<void> | undefined;

  beforeAll(async () => {
    const taskQueue = await new Promise<string>((ready, failed) => {
      workers = withWorkers(deps, ({ taskQueue: q }) => {
        ready(q);
        return new Promise<void>((r) => { release = r; });
      });
      workers.catch(failed);
    });
    env = {
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      STOCKFLOW_TASK_QUEUE: taskQueue,
      STOCKFLOW_DATA_DIR: dataDir,
      STOCKFLOW_PRICE_SOURCE: `csv:${PRICES_DIR}`,
      STOCKFLOW_SYMBOLS: 'SPY,SMR',
      STOCKFLOW_CONFIG: writeTestConfig(dataDir),
      TEMPORAL_UI_URL: 'http://localhost:8233',
    };
  });

  afterAll(async () => {
    release();
    await workers;
  });

  it('quick-train SPY --json trains through Temporal and reports the promotion decision', async () => {
    const run = await runCli(['quick-train', 'SPY', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const out = run.json<{ workflowId: string; symbols: Array<Record<string, unknown>>; promoted: number; failed: number }>();
    expect(out.workflowId).toMatch(/^train-symbols-/);
    expect(out).toMatchObject({ promoted: 1, failed: 0 });
    expect(out.symbols).toEqual([expect.objectContaining({ symbol: 'SPY', status: 'done', promoted: true, challengerVersion: 1, championAfter: 1 })]);
    expect(out.symbols[0].decision).toEqual(expect.stringMatching(/v1/));
    // --json: progress stays off stdout (it parsed) and off stderr too.
    expect(run.stderr).toBe('');
    expect(deps.registry.getChampion('SPY')?.version).toBe(1);
  });

  it('status --json shows the champion with holdout metrics beside baselines, and no model for SMR', async () => {
    const run = await runCli(['status', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const out = run.json<{
      symbols: Array<{ symbol: string; holdout: { persistenceMape: number; baselineDirectionAccuracy: number } | null } & Record<string, unknown>>;
      temporal: { reachable: boolean };
    }>();
    expect(out.temporal.reachable).toBe(true);
    const [spy, smr] = out.symbols;
    expect(spy).toMatchObject({ symbol: 'SPY', championVersion: 1, ageDays: expect.any(Number), lastDecision: { promoted: true, challengerVersion: 1 } });
    // The absolute thresholds are off by default: the holdout is shown, not judged against them.
    expect(spy.holdout).toMatchObject({ n: 40, directionAccuracy: { threshold: null, breached: false }, mape: { threshold: null, breached: false } });
    expect(spy.holdout?.persistenceMape).toBeGreaterThan(0);
    expect(spy.holdout?.baselineDirectionAccuracy).toBeGreaterThan(0);
    expect(smr).toMatchObject({ symbol: 'SMR', championVersion: null, holdout: null });

    const text = await runCli(['status'], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^SPY\s+v1\s/m);
    expect(text.stdout).toMatch(/not applied: weekly-training/);
  });

  it('predict SPY --json shows the stored forecast; a symbol without a model exits 4', async () => {
    const run = await runCli(['predict', 'SPY', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const [p] = run.json<{ predictions: Array<Record<string, unknown>> }>().predictions;
    expect(p).toMatchObject({ symbol: 'SPY', modelVersion: 1, asOf: '2025-06-30', direction: expect.stringMatching(/^(up|down|flat)$/) });
    expect(p.forecastClose).toBeGreaterThan(0);
    expect(p.confidence).toBeGreaterThanOrEqual(0);
    expect(p.confidence).toBeLessThanOrEqual(1);

    const none = await runCli(['predict', 'SMR'], env);
    expect(none.code).toBe(4);
    expect(none.stderr).toMatch(/^stockflow: no stored forecast for SMR\. Train a model first: stockflow train SMR\n$/);
  });

  it('evaluate SPY --from … --json backtests with n and baselines, and flags days the model trained on', async () => {
    const run = await runCli(['evaluate', 'SPY', '--from', '2025-03-03', '--to', '2025-06-30', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const out = run.json<{ version: number; overlapsTraining: boolean; evaluation: Record<string, number> }>();
    expect(out.version).toBe(1);
    expect(out.evaluation.n).toBeGreaterThan(60);
    expect(out.evaluation.persistenceMape).toBeGreaterThan(0);
    expect(out.evaluation.baselineDirectionAccuracy).toBeGreaterThan(0);
    expect(out).toHaveProperty('evaluation.mapeSkill');
    // March–April were training/calibration days for a model holding out only the last 40 sessions.
    expect(out.overlapsTraining).toBe(true);

    const missing = await runCli(['evaluate', 'SPY', '--version', '9'], env);
    expect(missing.code).toBe(4);
    // Progress lines, then exactly one error line.
    expect(missing.stderr.trim().split('\n').filter((l) => l.startsWith('stockflow:')), missing.stderr).toEqual([
      expect.stringMatching(/^stockflow: backtestModel failed: SPY: version 9 not found .*http:\/\/localhost:8233\//),
    ]);
  });

  it('train SPY --no-wait --json returns the workflow id and its Temporal UI link at once', async () => {
    const run = await runCli(['train', 'SPY', '--no-wait', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const out = run.json<{ waited: boolean; workflowId: string; runId: string; uiLink: string }>();
    expect(out.waited).toBe(false);
    expect(out.workflowId).toMatch(/^train-symbols-/);
    expect(out.uiLink).toBe(`http://localhost:8233/namespaces/default/workflows/${encodeURIComponent(out.workflowId)}/${out.runId}/history`);
    // It really runs in Temporal: wait for it before the next test touches SPY's registry.
    const client = await testClient();
    try {
      const result = await client.workflow.getHandle(out.workflowId).result();
      expect(result).toMatchObject({ requested: 1, failed: 0 });
    } finally {
      await client.connection.close();
    }
    expect(deps.registry.listVersions('SPY').map((v) => v.version)).toEqual([1, 2]);
  });

  it('backup SPY, then restore SPY --version 1 makes v1 the champion again', async () => {
    const backup = await runCli(['backup', 'SPY', '--json'], env);
    expect(backup.code, backup.stderr).toBe(0);
    const [b] = backup.json<{ backups: Array<{ symbol: string; version: number; backupId: string }> }>().backups;
    expect(b.symbol).toBe('SPY');
    expect(deps.registry.listBackups('SPY').map((x) => x.id)).toContain(b.backupId);

    const list = await runCli(['restore', 'SPY', '--list', '--json'], env);
    expect(list.json<{ versions: Array<{ version: number; healthy: boolean }> }>().versions).toEqual([
      expect.objectContaining({ version: 1, healthy: true }), expect.objectContaining({ version: 2, healthy: true }),
    ]);

    // Leave v2 as champion first, so that restoring v1 is a real change whatever the gate decided.
    deps.registry.restore('SPY', 2, 'test: set up');
    const restore = await runCli(['restore', 'SPY', '--version', '1'], env);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(/SPY: champion is now v1 \(was v2\)/);
    expect(deps.registry.getChampion('SPY')?.version).toBe(1);
    // The served forecast follows the champion at once (refreshPrices with forecast: 'always').
    expect(deps.history.latestPrediction('SPY')?.modelVersion).toBe(1);

    const noModel = await runCli(['backup', 'SMR'], env);
    expect(noModel.code).toBe(4);
  });

  it('monitor --report --json runs monitorAll once and names the report files', async () => {
    const run = await runCli(['monitor', '--report', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const out = run.json<{ assessments: Array<{ symbol: string }>; reportId: string; reportPaths: string[]; health: object }>();
    expect(out.assessments.map((a) => a.symbol)).toEqual(['SPY', 'SMR']);
    expect(out.health).toBeTruthy();
    expect(out.reportPaths).toHaveLength(2);
    for (const p of out.reportPaths) expect(existsSync(p)).toBe(true);
  });

  it('clean --json runs dailyCleanup', async () => {
    const run = await runCli(['clean', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({ waited: true, versionsPruned: expect.any(Number), logsRemoved: expect.any(Number) });
  });

  it('schedules: apply is idempotent, list shows four on our task queue, pause/describe/trigger/delete --all', async () => {
    // Schedule ids are global on the shared server: only this test uses the unprefixed ones.
    try {
      const first = await runCli(['schedules', 'apply', '--json'], env);
      expect(first.code, first.stderr).toBe(0);
      expect(Object.values(first.json<{ outcomes: Record<string, string> }>().outcomes)).toEqual(['created', 'created', 'created', 'created']);
      const second = await runCli(['schedules', 'apply', '--json'], env);
      expect(Object.values(second.json<{ outcomes: Record<string, string> }>().outcomes)).toEqual(['updated', 'updated', 'updated', 'updated']);

      const list = await runCli(['schedules', 'list', '--json'], env);
      const listing = list.json<{ schedules: Array<{ scheduleId: string; taskQueue: string; nextRunTimes: string[] }>; missing: string[] }>();
      expect(listing.schedules.map((s) => s.scheduleId)).toEqual(['weekly-training', 'monitoring', 'monthly-comprehensive', 'daily-cleanup']);
      expect(listing.schedules.every((s) => s.taskQueue === env.STOCKFLOW_TASK_QUEUE && s.nextRunTimes.length > 0)).toBe(true);
      expect(listing.missing).toEqual([]);

      const pause = await runCli(['schedules', 'pause', 'weekly-training', '--note', 'cli test'], env);
      expect(pause.code, pause.stderr).toBe(0);
      const described = await runCli(['schedules', 'describe', 'weekly-training', '--json'], env);
      expect(described.json()).toMatchObject({ scheduleId: 'weekly-training', paused: true, note: 'cli test' });

      const status = await runCli(['status', '--json'], env);
      const next = status.json<{ symbols: Array<{ nextTraining: string | null }> }>().symbols[0].nextTraining;
      expect(next).not.toBeNull(); // from monthly-comprehensive: weekly-training is paused

      const trigger = await runCli(['schedules', 'trigger', 'daily-cleanup', '--json'], env);
      expect(trigger.json()).toMatchObject({ scheduleId: 'daily-cleanup', skipped: false });

      const unknown = await runCli(['schedules', 'pause', 'weekly'], env);
      expect(unknown.code).toBe(2);

      const del = await runCli(['schedules', 'delete', '--all', '--json'], env);
      expect(del.json()).toEqual({ deleted: { 'weekly-training': 'deleted', monitoring: 'deleted', 'monthly-comprehensive': 'deleted', 'daily-cleanup': 'deleted' } });
      const gone = await runCli(['schedules', 'describe', 'monitoring'], env);
      expect(gone.code, gone.stderr).toBe(4);
      expect(gone.stderr).toMatch(/schedules apply/);
    } finally {
      const client = await testClient();
      await deleteAllSchedules(client).finally(() => client.connection.close());
    }
  });

  it('train SMR without --json shows a progress line per change on stderr (no TTY) and a result table on stdout', async () => {
    const run = await runCli(['train', 'SMR'], env);
    expect(run.code, run.stderr).toBe(0);
    const progress = run.stderr.split('\n').filter((l) => l.startsWith('  SMR  '));
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(new Set(progress).size).toBe(progress.length); // a line only when something changed
    expect(progress.at(-1)).toMatch(/^  SMR  done: (promoted v1|v1 not promoted)$/);
    expect(run.stdout).toMatch(/^SMR\s+(promoted|kept champion)\s+v1\s/m);
    expect(run.stdout).toMatch(/^1 requested: /m);
  });
});
