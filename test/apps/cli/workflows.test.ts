import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startPipeline } from '../../../client/index.js';
import type { BatchRetrainResult, CleanupResult } from '../../../common/wire/index.js';
import { deleteAllSchedules, describeSchedule } from '../../../schedules/index.js';
import { testDeps } from '../../helpers/deps.js';
import { eventually } from '../../helpers/eventually.js';
import { GLOBAL_SCHEDULES_LOCK, withExclusive } from '../../helpers/exclusive.js';
import { exampleModelMetadata } from '../../helpers/model-metadata.js';
import { writeAliasedPrices } from '../../helpers/price-files.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { scaled } from '../../helpers/timeouts.js';
import { testClient, withWorkers } from '../../helpers/temporal.js';
import { runCli, writeTestConfig } from './helpers.js';

const DAY_MS = 86_400_000;

/** Lines of a command's output wider than the 100 columns every table fits. */
function overWide(stdout: string): string[] {
  return stdout.split('\n').filter((l) => [...l].length > 100);
}

/**
 * The CLI as an operator uses it: real `stockflow` processes against the shared dev server,
 * with real workers (in this process) on a task queue of their own and one data directory
 * that both sides use. One fixture trains SPY's champion; every other test works on a symbol
 * of its own and sets up what it needs, so a failure does not cascade into the next test:
 *   SPY       champion v1 from the fixture (status, predict, evaluate)
 *   AMZN.CLI  quick-train          GOOGL.CLI  train --no-wait       SMR  train with progress
 *   AAPL.CLI  backup and restore   TSM.CLI    clean                 MSFT.CLI  never has a model
 */
describe('stockflow CLI against a real Temporal dev server and real workers', () => {
  const dataDir = tempDir('stockflow-cli-');
  const symbols = ['SPY', 'SMR', 'AMZN.CLI', 'GOOGL.CLI', 'AAPL.CLI', 'MSFT.CLI'];
  const pricesDir = writeAliasedPrices(path.join(dataDir, 'source'), {
    SPY: 'SPY', SMR: 'SMR', 'AMZN.CLI': 'AMZN', 'GOOGL.CLI': 'GOOGL', 'AAPL.CLI': 'AAPL', 'MSFT.CLI': 'MSFT',
  });
  const training = { epochs: 2, quickEpochs: 2, seed: 7, evalDays: 40 };
  const deps = testDeps({ dataDir, pricesDir, symbols, training });
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
      STOCKFLOW_PRICE_SOURCE: `csv:${pricesDir}`,
      STOCKFLOW_SYMBOLS: symbols.join(','),
      STOCKFLOW_CONFIG: writeTestConfig(dataDir),
      TEMPORAL_UI_URL: 'http://localhost:8233',
    };
    // The fixture: SPY's first model, promoted (no champion to beat), through the workflow.
    const client = await testClient();
    try {
      const handle = await startPipeline(client, 'trainSymbols', { symbols: ['SPY'], quick: true }, { taskQueue });
      expect(await handle.result() as BatchRetrainResult).toMatchObject({ promoted: 1, failed: 0 });
    } finally {
      await client.connection.close();
    }
    expect(deps.registry.getChampion('SPY')?.version).toBe(1);
  });

  afterAll(async () => {
    release();
    await workers;
  });

  it('quick-train AMZN.CLI --json trains through Temporal and reports the promotion decision', async () => {
    const run = await runCli(['quick-train', 'AMZN.CLI', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const out = run.json<{ workflowId: string; symbols: Array<Record<string, unknown>>; promoted: number; failed: number }>();
    expect(out.workflowId).toMatch(/^train-symbols-/);
    expect(out).toMatchObject({ promoted: 1, failed: 0 });
    expect(out.symbols).toEqual([expect.objectContaining({ symbol: 'AMZN.CLI', status: 'done', promoted: true, challengerVersion: 1, championAfter: 1 })]);
    expect(out.symbols[0]?.decision).toEqual(expect.stringMatching(/v1/));
    // --json: progress stays off stdout (it parsed) and off stderr too.
    expect(run.stderr).toBe('');
    expect(deps.registry.getChampion('AMZN.CLI')?.version).toBe(1);
  });

  it('status --json shows the champion with holdout metrics beside baselines, and no model for a symbol never trained', async () => {
    // Reads the global schedules: the HTTP test applies them under the same lock.
    await withExclusive(GLOBAL_SCHEDULES_LOCK, async () => {
      const run = await runCli(['status', '--json'], env);
      expect(run.code, run.stderr).toBe(0);
      const out = run.json<{
        symbols: Array<
          { symbol: string; champion: { version: number } | null; holdout: { n: number; persistenceMape: number; baselineDirectionAccuracy: number } | null } & Record<string, unknown>
        >;
        temporal: { reachable: boolean };
      }>();
      expect(out.temporal.reachable).toBe(true);
      expect(out.symbols.map((s) => s.symbol)).toEqual(symbols);
      // The one status row (domain/serving symbolStatuses), as /models answers it.
      const spy = out.symbols.find((s) => s.symbol === 'SPY');
      expect(spy).toMatchObject({ symbol: 'SPY', champion: { version: 1 }, ageDays: expect.any(Number), lastDecision: { promoted: true, challengerVersion: 1 } });
      expect(spy?.holdout).toMatchObject({ n: 40 });
      expect(spy?.holdout?.persistenceMape).toBeGreaterThan(0);
      expect(spy?.holdout?.baselineDirectionAccuracy).toBeGreaterThan(0);
      // Absolute thresholds are off by default (config): the checks carry none, beside their baselines and n.
      expect(spy?.checks).toMatchObject({
        directionAccuracy: { threshold: null, baseline: expect.any(Number), n: 40, basis: 'holdout' },
        mape: { threshold: null, baseline: expect.any(Number), n: 40, basis: 'holdout' },
      });
      expect(out.symbols.find((s) => s.symbol === 'MSFT.CLI')).toMatchObject({ champion: null, holdout: null, status: 'no-model' });

      const text = await runCli(['status'], env);
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(/^SPY\s+v1\s/m);
      expect(text.stdout).toMatch(/not applied: weekly-training/);
    });
  });

  it('predict SPY --json shows the stored forecast; a symbol without a model exits 4', async () => {
    const run = await runCli(['predict', 'SPY', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const [p] = run.json<{ predictions: Array<Record<string, unknown>> }>().predictions;
    if (!p) throw new Error(`expected one prediction in the CLI output, got none: ${run.stdout}`);
    // One coherent forecast: the session it is for, intervals around the close, confidence in the stated side ≥ 50%.
    expect(p).toMatchObject({ symbol: 'SPY', modelVersion: 1, asOf: '2025-06-30', targetDate: '2025-07-01', direction: expect.stringMatching(/^(up|down|none)$/) });
    const close = p.forecastClose as number;
    const intervals = p.intervals as { p80: { low: number; high: number }; p95: { low: number; high: number } };
    expect(intervals.p95.low).toBeLessThan(intervals.p80.low);
    expect(intervals.p80.low).toBeLessThan(close);
    expect(close).toBeLessThan(intervals.p80.high);
    expect(intervals.p80.high).toBeLessThan(intervals.p95.high);
    if (p.direction !== 'none') expect(Math.sign(close - (p.lastClose as number))).toBe(p.direction === 'up' ? 1 : -1);
    expect(p.confidence).toBeGreaterThanOrEqual(0.5);
    expect(p.confidence).toBeLessThanOrEqual(1);

    const none = await runCli(['predict', 'MSFT.CLI'], env);
    expect(none.code).toBe(4);
    expect(none.stderr).toMatch(/^stockflow: no stored forecast for MSFT\.CLI\. Train a model first: stockflow train MSFT\.CLI\n$/);
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

    const missing = await runCli(['evaluate', 'SPY', '--version', '9', '--all'], env);
    expect(missing.code).toBe(4);
    // Progress lines, then exactly one error line.
    expect(missing.stderr.trim().split('\n').filter((l) => l.startsWith('stockflow:')), missing.stderr).toEqual([
      expect.stringMatching(/^stockflow: backtestModel failed: SPY: version 9 not found .*http:\/\/localhost:8233\//),
    ]);
    // Without a range the version is read before anything starts: the same not-found, exit 4.
    const missingDefault = await runCli(['evaluate', 'SPY', '--version', '9'], env);
    expect(missingDefault.code).toBe(4);
    expect(missingDefault.stderr).toMatch(/^stockflow: .*version 9.*not found/m);
  });

  it('evaluate SPY with no range scores only days the champion never saw; --all scores everything and warns', async () => {
    const metadata = deps.registry.loadChampion('SPY').metadata;
    const holdout = metadata.dataRange.evaluation;
    const run = await runCli(['evaluate', 'SPY', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const out = run.json<{ range: string; overlapsTraining: boolean; warnings: string[]; evaluation: { from: string; to: string; n: number } }>();
    expect(out.overlapsTraining).toBe(false);
    expect(out.warnings).toEqual([]);
    if (metadata.fits.served) {
      // The served refit saw every cached bar: no session since, so the holdout scored at training.
      expect(out.range).toBe('recorded-holdout');
      expect(out.evaluation).toMatchObject({ from: holdout.from, to: holdout.to, n: metadata.evaluation.range.n });
    } else {
      expect(out.range).toBe('holdout');
      expect([out.evaluation.from, out.evaluation.to]).toEqual([holdout.from, holdout.to]);
    }
    const text = await runCli(['evaluate', 'SPY'], env);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/its holdout/);
    expect(text.stdout).not.toContain('WARNING');

    const all = await runCli(['evaluate', 'SPY', '--all'], env, { timeoutMs: scaled(300_000) });
    expect(all.code, all.stderr).toBe(0);
    // Prose lines wrap at 100 columns: read them as one text.
    const prose = all.stdout.replace(/\s+/g, ' ');
    expect(prose).toContain('every day the data allows (--all)');
    expect(prose).toMatch(/WARNING: this range includes days the model was fitted or calibrated on/);
    expect(overWide(all.stdout)).toEqual([]);
    const both = await runCli(['evaluate', 'SPY', '--all', '--from', '2025-01-02'], env);
    expect(both.code).toBe(2);
  }, scaled(480_000));

  it('train GOOGL.CLI --no-wait --json returns the workflow id and its Temporal UI link at once', async () => {
    const run = await runCli(['train', 'GOOGL.CLI', '--no-wait', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const out = run.json<{ waited: boolean; workflowId: string; runId: string; uiLink: string }>();
    expect(out.waited).toBe(false);
    expect(out.workflowId).toMatch(/^train-symbols-/);
    expect(out.uiLink).toBe(`http://localhost:8233/namespaces/default/workflows/${encodeURIComponent(out.workflowId)}/${out.runId}/history`);
    // It really runs in Temporal: its result arrives later, from the workers.
    const client = await testClient();
    try {
      const result = await client.workflow.getHandle(out.workflowId).result();
      expect(result).toMatchObject({ requested: 1, failed: 0 });
    } finally {
      await client.connection.close();
    }
    expect(deps.registry.listVersions('GOOGL.CLI').map((v) => v.version)).toEqual([1]);
  });

  it('backup AAPL.CLI, then restore AAPL.CLI --version 1 makes v1 the champion again', async () => {
    // Two versions without two trainings: SPY's trained model, stored under AAPL.CLI (a model
    // is symbol-agnostic; restore only needs it to verify and to forecast on AAPL.CLI's prices).
    const spy = deps.registry.loadVersion('SPY', 1);
    for (let i = 0; i < 2; i++) deps.registry.saveVersion('AAPL.CLI', { files: spy.files, metadata: { ...spy.metadata, symbol: 'AAPL.CLI' } });
    // v2 is champion first, so that restoring v1 is a real change.
    deps.registry.restore('AAPL.CLI', 2, 'test: set up');

    const backup = await runCli(['backup', 'AAPL.CLI', '--json'], env);
    expect(backup.code, backup.stderr).toBe(0);
    const [b] = backup.json<{ backups: Array<{ symbol: string; version: number; backupId: string }> }>().backups;
    expect(b).toMatchObject({ symbol: 'AAPL.CLI', version: 2 });
    expect(deps.registry.listBackups('AAPL.CLI').map((x) => x.id)).toContain(b?.backupId);

    const list = await runCli(['restore', 'AAPL.CLI', '--list', '--json'], env);
    expect(list.json<{ versions: Array<{ version: number; healthy: boolean }> }>().versions).toEqual([
      expect.objectContaining({ version: 1, healthy: true }), expect.objectContaining({ version: 2, healthy: true }),
    ]);

    const restore = await runCli(['restore', 'AAPL.CLI', '--version', '1'], env);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(/AAPL\.CLI: champion is now v1 \(was v2\)/);
    expect(deps.registry.getChampion('AAPL.CLI')?.version).toBe(1);
    // The served forecast follows the champion at once (refreshPrices with forecast: 'always').
    expect(deps.history.latestPrediction('AAPL.CLI')?.modelVersion).toBe(1);

    const noModel = await runCli(['backup', 'MSFT.CLI'], env);
    expect(noModel.code).toBe(4);
  });

  it('monitor --report --json runs monitorAll once and names the report files', async () => {
    const run = await runCli(['monitor', '--report', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const out = run.json<{ counts: { symbols: number }; reportId: string; reportPaths: string[]; health: object }>();
    expect(out.counts.symbols).toBe(symbols.length);
    expect(out.health).toBeTruthy();
    expect(out.reportPaths).toHaveLength(2);
    for (const p of out.reportPaths) expect(existsSync(p)).toBe(true);
  });

  it('clean --json runs dailyCleanup and removes exactly what retention says', async () => {
    // TSM.CLI: five stored versions (retention never loads a model), champion v1. Keeping 3
    // (testDeps) plus the champion removes v2 only; every other symbol has at most 3 versions.
    for (let seed = 1; seed <= 5; seed++) {
      deps.registry.saveVersion('TSM.CLI', {
        files: { 'ensemble.json': new TextEncoder().encode(JSON.stringify({ seed })) },
        metadata: exampleModelMetadata('TSM.CLI'),
      });
    }
    deps.registry.restore('TSM.CLI', 1, 'test: champion is the oldest');
    const write = (rel: string, daysOld: number) => {
      const file = path.join(dataDir, rel);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, 'x');
      const t = (Date.now() - daysOld * DAY_MS) / 1000;
      utimesSync(file, t, t);
      return file;
    };
    const removed = [
      write('logs/cli-old.log', 30), // logsDays 14
      write('reports/cli-old.md', 100), // reportsDays 90
      write('prices/.SPY.csv.1.abandoned.tmp', 2), // a day
    ];
    const kept = [write('logs/cli-new.log', 0), write('reports/cli-new.md', 0), write('prices/.SMR.csv.2.inflight.tmp', 0)];
    const registryTemp = path.dirname(write('models/TSM.CLI/.tmp-version-abandoned/ensemble.json', 0));
    const twoHoursAgo = (Date.now() - 2 * 3_600_000) / 1000; // registry temp entries: an hour
    utimesSync(registryTemp, twoHoursAgo, twoHoursAgo);

    const run = await runCli(['clean', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({ waited: true, logsRemoved: 1, reportsRemoved: 1, tempRemoved: 2, versionsPruned: 1, backupsRemoved: 0 });
    expect([...removed, registryTemp].filter((f) => existsSync(f))).toEqual([]);
    expect(kept.filter((f) => !existsSync(f))).toEqual([]);
    expect(deps.registry.listVersions('TSM.CLI').map((v) => v.version)).toEqual([1, 3, 4, 5]);
    expect(deps.registry.getChampion('TSM.CLI')?.version).toBe(1);
  });

  it('schedules: apply is idempotent, list shows four on our task queue, pause/describe/trigger (the run is seen to completion)/delete --all', async () => {
    // Schedule ids are global on the shared server: the HTTP test applies them too, under the same lock.
    await withExclusive(GLOBAL_SCHEDULES_LOCK, async () => {
      const client = await testClient();
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
        const next = status.json<{ symbols: Array<{ nextTraining: string | null }> }>().symbols[0]?.nextTraining;
        expect(next).not.toBeNull(); // from monthly-comprehensive: weekly-training is paused

        // The triggered run is a real dailyCleanup on our workers: see it start and finish.
        const trigger = await runCli(['schedules', 'trigger', 'daily-cleanup', '--json'], env);
        expect(trigger.json()).toMatchObject({ scheduleId: 'daily-cleanup', skipped: false });
        const triggered = await eventually(() => describeSchedule(client, 'daily-cleanup'), (s) => s.recentRuns.length > 0, { what: 'a run of daily-cleanup' });
        const handle = client.workflow.getHandle(triggered.recentRuns[0]!.workflowId);
        expect(await handle.describe()).toMatchObject({ type: 'dailyCleanup', taskQueue: env.STOCKFLOW_TASK_QUEUE });
        const cleaned = await handle.result() as CleanupResult;
        expect(Object.keys(cleaned).sort()).toEqual(['backupsRemoved', 'logsRemoved', 'reportsRemoved', 'tempRemoved', 'versionsPruned']);
        expect((await handle.describe()).status.name).toBe('COMPLETED');

        const unknown = await runCli(['schedules', 'pause', 'weekly'], env);
        expect(unknown.code).toBe(2);

        const del = await runCli(['schedules', 'delete', '--all', '--json'], env);
        expect(del.json()).toEqual({ deleted: { 'weekly-training': 'deleted', monitoring: 'deleted', 'monthly-comprehensive': 'deleted', 'daily-cleanup': 'deleted' } });
        const gone = await runCli(['schedules', 'describe', 'monitoring'], env);
        expect(gone.code, gone.stderr).toBe(4);
        expect(gone.stderr).toMatch(/schedules apply/);
      } finally {
        await deleteAllSchedules(client).finally(() => client.connection.close());
      }
    });
  });

  it('train SMR without --json shows a progress line per change on stderr (no TTY) and a result table on stdout', async () => {
    const run = await runCli(['train', 'SMR'], env);
    expect(run.code, run.stderr).toBe(0);
    const progress = run.stderr.split('\n').filter((l) => l.startsWith('  SMR  '));
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(new Set(progress).size).toBe(progress.length); // a line only when something changed
    expect(progress.at(-1)).toMatch(/^  SMR  done: (promoted v1|v1 not promoted) — \d+:\d\d elapsed$/);
    // Every line says how long it has been; training lines estimate the rest once an epoch is timed.
    expect(progress.every((l) => / — \d+:\d\d elapsed(, ~\d+:\d\d left)?$/.test(l)), progress.join('\n')).toBe(true);
    expect(run.stdout).toMatch(/^SMR\s+(promoted|kept champion)\s+v1\s/m);
    expect(run.stdout).toMatch(/^1 requested: /m);
    expect(overWide(run.stdout)).toEqual([]);
  });

  it('every table command except status (h1 owns it) prints lines of at most 100 columns', async () => {
    // evaluate's table: checked in its own test (--all).
    // monitor is not swept: its health line is prose, not a table (it can pass 100 columns).
    const commands = [['predict', 'SPY'], ['restore', 'SPY', '--list'], ['alerts', '--all'], ['backup', 'SPY']];
    for (const args of commands) {
      const run = await runCli(args, env);
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBeLessThan(2);
      expect(run.stdout.trim().length, args.join(' ')).toBeGreaterThan(0);
      expect(overWide(run.stdout), args.join(' ')).toEqual([]);
    }
    // predict: ten facts in one row, direction with its confidence.
    const predict = await runCli(['predict', 'SPY'], env);
    expect(predict.stdout).toMatch(/^SPY\s+2025-07-01\s+\d+\.\d\s+[\d.]+–[\d.]+\s+[\d.]+–[\d.]+\s+\d+\.\d\s+(up \d+%|down \d+%|none)\s+v1\s+2025-06-30$/m);

  }, scaled(480_000));
});
