/**
 * The worker's Prometheus endpoint: the real worker entry point started with
 * STOCKFLOW_METRICS_PORT runs a quick retrain, and a scrape of /metrics shows that training
 * counted and timed, the Temporal SDK's runtime metrics beside it, and passes `promtool check
 * metrics`. The interceptor's failure path is checked directly.
 */
import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it, inject } from 'vitest';
import { startRetrainSymbol } from '../../client/index.js';
import { freePort } from '../../client/target/index.js';
import { TRAINING_ACTIVITY, WorkerMetrics } from '../../worker/metrics.js';
import { eventually } from '../helpers/eventually.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { writeAliasedPrices } from '../helpers/price-files.js';
import { startTsProcess } from '../helpers/processes.js';
import { tempDir } from '../helpers/temp-dir.js';
import { testClient } from '../helpers/temporal.js';
import { scaled } from '../helpers/timeouts.js';

const PROMTOOL = path.join(REPO_ROOT, '.tools', 'bin', 'promtool');

/** `promtool check metrics` on `text`: its exit code and what it printed. */
function promtoolCheck(text: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(PROMTOOL, ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
    child.stdin.end(text);
  });
}

/** The value of one sample line (`name{labels} value`), or undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

beforeAll(async () => {
  await promisify(execFile)('bash', [path.join(REPO_ROOT, 'scripts/install-promtool.sh'), '--quiet']);
}, scaled(120_000));

describe('worker metrics endpoint', () => {
  it('counts and times a real training, serves the SDK metrics beside them, and is promtool-clean', async () => {
    const dataDir = tempDir('stockflow-worker-metrics-');
    const pricesDir = writeAliasedPrices(path.join(dataDir, 'source'), { 'MSFT.M': 'MSFT' });
    const taskQueue = `test-${randomUUID()}`;
    const configFile = path.join(dataDir, 'stockflow.config.yaml');
    writeFileSync(configFile, [
      'symbols: [MSFT.M]', `dataDir: ${dataDir}`, `priceSource: csv:${pricesDir}`,
      'training: { epochs: 40, quickEpochs: 2, seed: 7, evalDays: 60, concurrency: 1 }',
      'marketHours: { avoidMarketHours: false }',
    ].join('\n'));
    const port = await freePort();
    const worker = startTsProcess(path.join(REPO_ROOT, 'worker/main.ts'), [], {
      cwd: REPO_ROOT,
      env: { STOCKFLOW_CONFIG: configFile, TEMPORAL_ADDRESS: inject('temporalAddress'), STOCKFLOW_TASK_QUEUE: taskQueue, STOCKFLOW_METRICS_PORT: String(port) },
    });
    const client = await testClient();
    try {
      await worker.waitForOutput('stockflow worker polling', scaled(120_000));
      const url = `http://127.0.0.1:${port}/metrics`;
      expect(worker.output()).toContain(`stockflow worker metrics at ${url}`);
      const before = await (await fetch(url)).text();
      expect(sample(before, 'stockflow_worker_trainings_started_total{kind="quick"}')).toBeUndefined();

      const run = await startRetrainSymbol(client, { symbol: 'MSFT.M', reason: 'test: metrics', quick: true, force: true }, { taskQueue });
      if (run.status !== 'started') throw new Error(`retrain not started: ${run.status}`);
      await run.handle.result();

      const text = await (await fetch(url)).text();
      expect(sample(text, 'stockflow_worker_trainings_started_total{kind="quick"}')).toBe(1);
      expect(sample(text, 'stockflow_worker_trainings_finished_total{kind="quick"}')).toBe(1);
      expect(sample(text, 'stockflow_worker_trainings_failed_total{kind="quick"}')).toBeUndefined();
      expect(sample(text, 'stockflow_worker_training_duration_seconds_count{kind="quick",outcome="finished"}')).toBe(1);
      expect(sample(text, 'stockflow_worker_training_duration_seconds_sum{kind="quick",outcome="finished"}')).toBeGreaterThan(0);
      // The SDK's own metrics, from its core's exporter: the training worker ran one activity.
      const activityPolls = text.split('\n').filter((l) => l.startsWith('temporal_activity_execution_latency_seconds_count') && l.includes(`task_queue="${taskQueue}-training"`));
      expect(activityPolls.length, text).toBeGreaterThan(0);
      expect(text).toMatch(/^temporal_worker_task_slots_available\{/m);
      expect(text).toMatch(/^stockflow_worker_process_cpu_seconds_total /m);

      const lint = await promtoolCheck(text);
      expect(lint, lint.output).toEqual({ code: 0, output: '' });
    } finally {
      worker.child.kill('SIGTERM');
      await eventually(async () => worker.child.exitCode !== null || worker.child.signalCode !== null, Boolean, { what: 'worker exit', timeoutMs: scaled(60_000) })
        .catch(() => worker.killIfRunning());
      await client.connection.close();
    }
  }, scaled(240_000));

  it('counts a training attempt that throws as failed, timed with outcome "failed"', async () => {
    const metrics = new WorkerMetrics({ processMetrics: false });
    const interceptors = metrics.trainingInterceptor()({ info: { activityType: TRAINING_ACTIVITY } } as never);
    const boom = new Error('no prices');
    await expect(interceptors.inbound!.execute!({ args: [{ symbol: 'SPY', quick: false }], headers: {} }, () => Promise.reject(boom))).rejects.toBe(boom);
    const text = await metrics.registry.metrics();
    expect(sample(text, 'stockflow_worker_trainings_started_total{kind="full"}')).toBe(1);
    expect(sample(text, 'stockflow_worker_trainings_failed_total{kind="full"}')).toBe(1);
    expect(sample(text, 'stockflow_worker_trainings_finished_total{kind="full"}')).toBeUndefined();
    expect(sample(text, 'stockflow_worker_training_duration_seconds_count{kind="full",outcome="failed"}')).toBe(1);
  });

  it('leaves other activities alone', async () => {
    const metrics = new WorkerMetrics({ processMetrics: false });
    const interceptors = metrics.trainingInterceptor()({ info: { activityType: 'fetchPrices' } } as never);
    expect(interceptors).toEqual({});
  });
});
