import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { describe, expect, it, inject } from 'vitest';
import { retrainProgress, startRetrainSymbol } from '../../client/index.js';
import type { RefreshPricesResult } from '../../common/wire/index.js';
import type { ModelRegistry } from '../../domain/registry/index.js';
import { resolveTemporalCli } from '../../client/target/index.js';
import { testDeps } from '../helpers/deps.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { writeAliasedPrices } from '../helpers/price-files.js';
import { tempDir } from '../helpers/temp-dir.js';
import { eventually } from '../helpers/eventually.js';
import { startTsProcess, type RunningProcess } from '../helpers/processes.js';
import { activityAttempts, testClient, withWorkers } from '../helpers/temporal.js';
import { scaled } from '../helpers/timeouts.js';

const TRAINING = { epochs: 40, quickEpochs: 2, seed: 7, evalDays: 60 };
/** Tests that wait out heartbeat timeouts (20–30 s each) on a shared, busy machine. */
const SLOW_TEST_MS = scaled(360_000);

/** The real worker entry point (`npm run worker`) as a separate process. */
function startWorkerProcess(env: Record<string, string>): RunningProcess {
  return startTsProcess(path.join(REPO_ROOT, 'worker/main.ts'), [], { cwd: REPO_ROOT, env });
}

/** Polls the retrain's progress query until its training reports at least `epochs` epochs. */
async function trainingEpochs(client: Client, workflowId: string, epochs: number): Promise<number> {
  const progress = await eventually(
    () => retrainProgress(client, workflowId).catch(() => undefined),
    (p) => (p?.training?.epoch ?? 0) >= epochs,
    { what: `training epoch ≥ ${epochs}`, timeoutMs: scaled(120_000), intervalMs: 100 },
  );
  return progress?.training?.epoch ?? 0;
}

/** The running activity's type and attempt, or null outside an activity. */
function currentActivity(): { type: string; attempt: number } | null {
  try {
    const { activityType, attempt } = Context.current().info;
    return { type: activityType, attempt };
  } catch {
    return null;
  }
}

/**
 * What a dead worker looks like to the server: the attempt never heartbeats or completes again,
 * so its heartbeat timeout fires and Temporal retries it. Settles only when the (live) test
 * worker shuts down and cancels it.
 */
function hangWithoutHeartbeat(): Promise<never> {
  const signal = Context.current().cancellationSignal;
  return new Promise((_resolve, reject) => {
    signal.addEventListener('abort', () => reject(new Error('abandoned attempt released at worker shutdown')), { once: true });
  });
}

const auditActions = (registry: ModelRegistry, symbol: string) =>
  registry.auditLog(symbol).entries.map((e) => `${e.action}:${e.from}->${e.to}`);

describe('durability', () => {
  it('a retrain survives the worker process being killed mid-training', async () => {
    const dataDir = tempDir('stockflow-durability-');
    const pricesDir = writeAliasedPrices(path.join(dataDir, 'source'), { 'GOOGL.D': 'GOOGL' });
    const taskQueue = `test-${randomUUID()}`;
    const configFile = path.join(dataDir, 'stockflow.config.yaml');
    writeFileSync(configFile, [
      `symbols: [GOOGL.D]`, `dataDir: ${dataDir}`, `priceSource: csv:${pricesDir}`,
      `training: { epochs: ${TRAINING.epochs}, quickEpochs: ${TRAINING.quickEpochs}, seed: ${TRAINING.seed}, evalDays: ${TRAINING.evalDays}, concurrency: 1 }`,
      `marketHours: { avoidMarketHours: false }`,
    ].join('\n'));
    const env = { STOCKFLOW_CONFIG: configFile, TEMPORAL_ADDRESS: inject('temporalAddress'), STOCKFLOW_TASK_QUEUE: taskQueue };

    const client = await testClient();
    const first = startWorkerProcess(env);
    try {
      const run = await startRetrainSymbol(client, { symbol: 'GOOGL.D', reason: 'test: worker crash' }, { taskQueue });
      if (run.status !== 'started') throw new Error('not started');
      // Wait until training is visibly under way (epoch heartbeats), then kill -9 the worker.
      const epoch = await trainingEpochs(client, run.handle.workflowId, 2);
      expect(epoch, first.output()).toBeGreaterThanOrEqual(2);
      first.child.kill('SIGKILL');

      // Another worker (same queue, same data directory) picks the retrain up.
      const deps = testDeps({ dataDir, pricesDir, symbols: ['GOOGL.D'], training: TRAINING });
      const result = await withWorkers(deps, () => run.handle.result(), { taskQueue });
      expect(result).toMatchObject({ symbol: 'GOOGL.D', promoted: true, challengerVersion: 1 });
      // The killed attempt timed out on its heartbeat and the activity was retried.
      expect((await activityAttempts(client, run.handle.workflowId)).trainChallenger).toEqual([2]);
      const history = await run.handle.fetchHistory();
      expect(JSON.stringify(history.events)).toMatch(/HEARTBEAT/);
    } finally {
      first.child.kill('SIGKILL');
      await client.connection.close();
    }
  }, SLOW_TEST_MS);

  it('a workflow started by the real temporal CLI with JSON input completes', async () => {
    const dataDir = tempDir('stockflow-cli-start-');
    const deps = testDeps({ dataDir, symbols: ['SPY'] });
    await withWorkers(deps, async ({ client, taskQueue }) => {
      const workflowId = `cli-start-${randomUUID()}`;
      await promisify(execFile)(resolveTemporalCli(), [
        'workflow', 'start', '--address', inject('temporalAddress'), '--namespace', 'default',
        '--task-queue', taskQueue, '--type', 'refreshPrices', '--workflow-id', workflowId,
        '--input', JSON.stringify({ symbols: ['SPY', 'MP'] }),
      ]);
      const result = await client.workflow.getHandle(workflowId).result() as RefreshPricesResult;
      expect(result).toMatchObject({ succeeded: 2, failed: 0 });
      expect(result.outcomes.map((o) => o.symbol)).toEqual(['SPY', 'MP']);
    });
  });

  it('cancelling a retrain mid-training stops the trainer and leaves the registry as it was', async () => {
    const dataDir = tempDir('stockflow-cancel-');
    const pricesDir = writeAliasedPrices(path.join(dataDir, 'source'), { 'AMZN.C': 'AMZN' });
    const deps = testDeps({ dataDir, pricesDir, symbols: ['AMZN.C'], training: TRAINING });
    await withWorkers(deps, async ({ client, taskQueue }) => {
      const run = await startRetrainSymbol(client, { symbol: 'AMZN.C', reason: 'test: cancel' }, { taskQueue });
      if (run.status !== 'started') throw new Error('not started');
      const epoch = await trainingEpochs(client, run.handle.workflowId, 1);
      expect(epoch).toBeGreaterThanOrEqual(1);
      await run.handle.cancel();
      const failure = await run.handle.result().then(() => null, (e: Error & { cause?: Error }) => e);
      expect(failure?.cause?.name).toBe('CancelledFailure');
      expect((await run.handle.describe()).status.name).toBe('CANCELLED');
      // The workflow waits for the activity to acknowledge the cancellation (it does once its
      // training thread was terminated), so the training activity ended as CANCELLED in the
      // history — not completed: a trainer that ignored the cancellation would have finished,
      // saved v1 and completed the activity instead.
      const events = (await run.handle.fetchHistory()).events ?? [];
      const canceled = events.find((e) => e.activityTaskCanceledEventAttributes);
      expect(canceled, 'the training activity reported its cancellation').toBeDefined();
      expect(events.some((e) => e.activityTaskCompletedEventAttributes
        && String(e.activityTaskCompletedEventAttributes.scheduledEventId) === String(canceled!.activityTaskCanceledEventAttributes!.scheduledEventId))).toBe(false);
      // The activity has returned, so nothing of it can still save a version.
      expect(deps.registry.listVersions('AMZN.C')).toEqual([]);
      expect(deps.registry.getChampion('AMZN.C')).toBeNull();
    });
  });

  it('a training whose completion was lost after it saved reuses that version: no orphan', async () => {
    const dataDir = tempDir('stockflow-lost-completion-');
    const pricesDir = writeAliasedPrices(path.join(dataDir, 'source'), { 'MSFT.LC': 'MSFT' });
    const base = testDeps({ dataDir, pricesDir, symbols: ['MSFT.LC'] });
    // Attempt 1 saves its version, then dies before Temporal hears of it (no savedVersion
    // heartbeat, no completion) — as when the server was down while training finished.
    let lost = 0;
    const registry = new Proxy(base.registry, {
      get: (target, prop, receiver) => (prop === 'saveVersion'
        ? (...args: Parameters<ModelRegistry['saveVersion']>) => {
            const saved = target.saveVersion(...args);
            if (currentActivity()?.attempt === 1) {
              lost++;
              throw new Error(`simulated crash after saving v${saved.version}: the completion is lost`);
            }
            return saved;
          }
        : Reflect.get(target, prop, receiver)),
    });
    const deps = testDeps({ ...base, dataDir, pricesDir, registry });
    await withWorkers(deps, async ({ client, taskQueue }) => {
      const run = await startRetrainSymbol(client, { symbol: 'MSFT.LC', reason: 'test: lost completion', quick: true }, { taskQueue });
      if (run.status !== 'started') throw new Error('not started');
      const result = await run.handle.result();
      expect(lost).toBe(1);
      expect(result).toMatchObject({ challengerVersion: 1, championAfter: 1, promoted: true });
      expect((await activityAttempts(client, run.handle.workflowId)).trainChallenger).toEqual([2]);
    });
    expect(base.registry.listVersions('MSFT.LC').map((v) => v.version)).toEqual([1]);
    expect(base.registry.loadVersion('MSFT.LC', 1).metadata.idempotencyKey).toMatch(/^retrain-MSFT\.LC\//);
    expect(auditActions(base.registry, 'MSFT.LC')).toEqual(['promote:null->1']);
  }, SLOW_TEST_MS);

  it('three lost workers in one training (heartbeat timeouts) do not exhaust its retries', async () => {
    const dataDir = tempDir('stockflow-three-losses-');
    const pricesDir = writeAliasedPrices(path.join(dataDir, 'source'), { 'AAPL.TK': 'AAPL' });
    const base = testDeps({ dataDir, pricesDir, symbols: ['AAPL.TK'] });
    // Attempts 1–3 of the training go silent (a dead worker never heartbeats again); the server
    // times each out after the 20 s heartbeat timeout. The old policy allowed 3 attempts in all.
    const priceCache = new Proxy(base.priceCache, {
      get: (target, prop, receiver) => (prop === 'read'
        ? (...args: Parameters<typeof target.read>) => {
            const activity = currentActivity();
            if (activity?.type === 'trainChallenger' && activity.attempt <= 3) return hangWithoutHeartbeat();
            return target.read(...args);
          }
        : Reflect.get(target, prop, receiver)),
    });
    const deps = testDeps({ ...base, dataDir, pricesDir, priceCache });
    await withWorkers(deps, async ({ client, taskQueue }) => {
      const run = await startRetrainSymbol(client, { symbol: 'AAPL.TK', reason: 'test: three worker losses', quick: true }, { taskQueue });
      if (run.status !== 'started') throw new Error('not started');
      const result = await run.handle.result();
      expect(result).toMatchObject({ challengerVersion: 1, championAfter: 1, promoted: true });
      expect((await activityAttempts(client, run.handle.workflowId)).trainChallenger).toEqual([4]);
      const started = (await run.handle.fetchHistory()).events?.find((e) => e.activityTaskStartedEventAttributes?.attempt === 4);
      expect(JSON.stringify(started?.activityTaskStartedEventAttributes?.lastFailure)).toMatch(/HEARTBEAT/);
    }, { trainingConcurrency: 5 });
    expect(base.registry.listVersions('AAPL.TK').map((v) => v.version)).toEqual([1]);
    expect(auditActions(base.registry, 'AAPL.TK')).toEqual(['promote:null->1']);
  }, SLOW_TEST_MS);

  it('a retrain survives losing its compare, promote and record steps once each', async () => {
    const dataDir = tempDir('stockflow-step-losses-');
    const pricesDir = writeAliasedPrices(path.join(dataDir, 'source'), { 'NVDA.SL': 'NVDA' });
    // margin 1: the challenger is promoted, so the promotion really moves the pointer.
    const base = testDeps({ dataDir, pricesDir, symbols: ['NVDA.SL'], promotion: { margin: 1, checkBaseline: false } });
    await withWorkers(base, async ({ client, taskQueue }) => {
      const first = await startRetrainSymbol(client, { symbol: 'NVDA.SL', reason: 'test: champion', quick: true }, { taskQueue });
      if (first.status !== 'started') throw new Error('not started');
      await first.handle.result();
    });

    const faults: string[] = [];
    // compare: attempt 1 goes silent (its worker died) and times out on its heartbeat.
    const priceCache = new Proxy(base.priceCache, {
      get: (target, prop, receiver) => (prop === 'read'
        ? (...args: Parameters<typeof target.read>) => {
            const activity = currentActivity();
            if (activity?.type === 'compareWithChampion' && activity.attempt === 1) {
              faults.push('compare');
              return hangWithoutHeartbeat();
            }
            return target.read(...args);
          }
        : Reflect.get(target, prop, receiver)),
    });
    // promote: attempt 1 dies after the pointer moved, before the decision is recorded;
    // record: attempt 1 dies before writing anything.
    const history = new Proxy(base.history, {
      get: (target, prop, receiver) => {
        const activity = currentActivity();
        if (prop === 'addDecision' && activity?.type === 'promoteOrKeep' && activity.attempt === 1) {
          return () => {
            faults.push('promote');
            throw new Error('simulated crash after the promotion, before the decision was recorded');
          };
        }
        if (prop === 'addEvaluation' && activity?.type === 'recordRetrain' && activity.attempt === 1) {
          return () => {
            faults.push('record');
            throw new Error('simulated crash while recording');
          };
        }
        return Reflect.get(target, prop, receiver);
      },
    });
    const deps = testDeps({ ...base, dataDir, pricesDir, priceCache, history });
    await withWorkers(deps, async ({ client, taskQueue }) => {
      const run = await startRetrainSymbol(client, { symbol: 'NVDA.SL', reason: 'test: step losses', quick: true }, { taskQueue });
      if (run.status !== 'started') throw new Error('not started');
      const result = await run.handle.result();
      expect(faults).toEqual(['compare', 'promote', 'record']);
      expect(result).toMatchObject({ challengerVersion: 2, championBefore: 1, championAfter: 2, promoted: true });
      const attempts = await activityAttempts(client, run.handle.workflowId);
      expect([attempts.compareWithChampion, attempts.promoteOrKeep, attempts.recordRetrain]).toEqual([[2], [2], [2]]);
    }, { trainingConcurrency: 3 });
    // One promotion line and one decision for it, not two; the champion verifies; its forecast is served.
    expect(auditActions(base.registry, 'NVDA.SL')).toEqual(['promote:null->1', 'promote:1->2']);
    expect(base.registry.auditLog('NVDA.SL').malformedLines).toEqual([]);
    expect(base.history.decisionHistory('NVDA.SL').map((d) => [d.challengerVersion, d.promoted])).toEqual([[1, true], [2, true]]);
    expect(base.registry.checkChampion('NVDA.SL')).toEqual({ pointer: expect.objectContaining({ version: 2 }) });
    expect(base.history.latestPrediction('NVDA.SL')?.modelVersion).toBe(2);
    expect(base.history.evaluationHistory('NVDA.SL', { kind: 'holdout' }).map((e) => e.version)).toEqual([1, 2]);
  }, SLOW_TEST_MS);

  // Waits (90 s, scaled) for the process to report that it polls: starting tsx + tfjs is slow on a busy machine.
  it('the worker process shuts down cleanly on SIGTERM', async () => {
    const dataDir = tempDir('stockflow-sigterm-');
    const worker = startWorkerProcess({
      TEMPORAL_ADDRESS: inject('temporalAddress'), STOCKFLOW_TASK_QUEUE: `test-${randomUUID()}`,
      STOCKFLOW_DATA_DIR: dataDir, STOCKFLOW_PRICE_SOURCE: 'synthetic', STOCKFLOW_CONFIG: '',
    });
    try {
      await worker.waitForOutput('stockflow worker polling', scaled(90_000));
      worker.child.kill('SIGTERM');
      expect(await worker.exited).toEqual({ code: 0, signal: null });
    } finally {
      worker.killIfRunning();
    }
  }, scaled(180_000));
});
