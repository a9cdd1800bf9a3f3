import { spawn, execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it, inject } from 'vitest';
import { retrainProgress, startRetrainSymbol } from '../../client';
import type { RefreshPricesResult } from '../../common/wire';
import { resolveTemporalCli } from '../../runtime';
import { testDeps } from '../helpers/deps';
import { REPO_ROOT } from '../helpers/paths';
import { writeAliasedPrices } from '../helpers/price-files';
import { tempDir } from '../helpers/temp-dir';
import { activityAttempts, testClient, withWorkers } from '../helpers/temporal';

const TRAINING = { epochs: 40, quickEpochs: 2, seed: 7, evalDays: 60 };

/** The real worker entry point (`npm run worker`) as a separate process. */
function startWorkerProcess(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'worker/main.ts')], {
    cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  return { child, output: () => output };
}

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
      let epoch = 0;
      for (let i = 0; i < 600 && epoch < 2; i++) {
        const p = await retrainProgress(client, run.handle.workflowId).catch(() => undefined);
        epoch = p?.training?.epoch ?? 0;
        if (epoch < 2) await new Promise((r) => setTimeout(r, 100));
      }
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
  });

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
      let epoch = 0;
      for (let i = 0; i < 600 && epoch < 1; i++) {
        epoch = (await retrainProgress(client, run.handle.workflowId).catch(() => undefined))?.training?.epoch ?? 0;
        if (epoch < 1) await new Promise((r) => setTimeout(r, 100));
      }
      expect(epoch).toBeGreaterThanOrEqual(1);
      await run.handle.cancel();
      const failure = await run.handle.result().then(() => null, (e: Error & { cause?: Error }) => e);
      expect(failure?.cause?.name).toBe('CancelledFailure');
      expect((await run.handle.describe()).status.name).toBe('CANCELLED');
      // Longer than an uncancelled training of AMZN takes here: had the trainer kept going, it
      // would have saved a version by now.
      await new Promise((r) => setTimeout(r, 8000));
      expect(deps.registry.listVersions('AMZN.C')).toEqual([]);
      expect(deps.registry.getChampion('AMZN.C')).toBeNull();
    });
  });

  it('the worker process shuts down cleanly on SIGTERM', async () => {
    const dataDir = tempDir('stockflow-sigterm-');
    const worker = startWorkerProcess({
      TEMPORAL_ADDRESS: inject('temporalAddress'), STOCKFLOW_TASK_QUEUE: `test-${randomUUID()}`,
      STOCKFLOW_DATA_DIR: dataDir, STOCKFLOW_PRICE_SOURCE: 'synthetic', STOCKFLOW_CONFIG: '',
    });
    for (let i = 0; i < 200 && !worker.output().includes('stockflow worker polling'); i++) await new Promise((r) => setTimeout(r, 100));
    expect(worker.output()).toContain('stockflow worker polling');
    const exited = new Promise<number | null>((resolve) => worker.child.once('exit', (code) => resolve(code)));
    worker.child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
