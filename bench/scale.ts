/**
 * bench:scale — the pipeline at 13 / 100 / 500 synthetic symbols (no champions) through a real
 * Temporal dev server, a real worker and the API: refreshPrices cold (first fill) and warm
 * (nothing new), monitorAll wall time, each run's history events and largest payload,
 * `GET /models` latency warm, and `stockflow status` wall time.
 *   npx tsx bench/scale.ts [--sizes=13,100,500]
 * Targets at 500 (issue 12): monitorAll ≤ 60 s, `/models` ≤ 50 ms warm, histories < 10,000
 * events and payloads < 512 KB.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { startApiServer } from '../apps/api/server.js';
import { connectClient, startPipeline } from '../client/index.js';
import { startDevServer } from '../client/target/index.js';
import { loadConfig } from '../config/index.js';
import { historySizes } from '../test/helpers/history-size.js';
import { startWorkers } from '../worker/run-workers.js';
import { args, secs, table, writeResult } from './lib.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const MODELS_WARMUP = 5;
const MODELS_SAMPLES = 30;

const symbolsOf = (n: number) => Array.from({ length: n }, (_, i) => `S${String(i).padStart(3, '0')}`);
/** The value at quantile `q` of `xs` (nearest rank); throws on an empty list. */
function quantile(xs: number[], q: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const value = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
  if (value === undefined) throw new RangeError('no samples to take a quantile of');
  return value;
}
const median = (xs: number[]) => quantile(xs, 0.5);
const p95 = (xs: number[]) => quantile(xs, 0.95);

/** Wall time of one awaited call, ms. */
async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

async function main(): Promise<void> {
  const { flags } = args();
  const sizes = (flags.sizes ?? '13,100,500').split(',').map((s) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < 1 || n > 1000) throw new Error(`--sizes: "${s}" is not a whole number from 1 to 1000`);
    return n;
  });
  const root = mkdtempSync(path.join(os.tmpdir(), 'stockflow-bench-scale-'));
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const server = await startDevServer({ dbFile: path.join(root, 'temporal.sqlite'), uiPort: false });
  const rows = [];
  try {
    for (const n of sizes) rows.push(await measure(n, root, server.address));
  } finally {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  }
  console.log(table(rows.map((r) => ({
    symbols: r.symbols, 'refresh cold s': secs(r.refreshColdMs), 'refresh warm s': secs(r.refreshWarmMs), 'monitorAll s': secs(r.monitorAllMs),
    'refresh events': r.refreshEvents, 'monitor events': r.monitorEvents, 'largest payload KB': r.largestPayloadKb,
    '/models p50 ms': r.models.p50Ms, '/models p95 ms': r.models.p95Ms, 'status s': secs(r.statusMs),
  }))));
  console.log(`written to ${writeResult('scale', { sizes, runs: rows })}`);
}

async function measure(n: number, root: string, address: string) {
  const symbols = symbolsOf(n);
  const dataDir = path.join(root, `n${n}`);
  const taskQueue = `bench-scale-${randomUUID()}`;
  const env = {
    TEMPORAL_ADDRESS: address, STOCKFLOW_TASK_QUEUE: taskQueue, STOCKFLOW_DATA_DIR: dataDir, STOCKFLOW_PRICE_SOURCE: 'synthetic',
    STOCKFLOW_SYMBOLS: symbols.join(','), STOCKFLOW_AVOID_MARKET_HOURS: 'false',
  };
  const config = loadConfig({ env });
  const target = { address, namespace: 'default', embedded: true };
  const running = await startWorkers(config, target);
  const client = await connectClient(target);
  const api = await startApiServer(config, { host: '127.0.0.1', port: 0, processMetrics: false });
  try {
    const run = async (name: 'refreshPrices' | 'monitorAll') => {
      const handle = await startPipeline(client, name, {}, { taskQueue });
      const { ms } = await timed(() => handle.result());
      return { ms, sizes: await historySizes(client, handle.workflowId) };
    };
    const refreshCold = await run('refreshPrices');
    const refreshWarm = await run('refreshPrices');
    const monitor = await run('monitorAll');

    const models: number[] = [];
    for (let i = 0; i < MODELS_WARMUP + MODELS_SAMPLES; i++) {
      const { ms, value } = await timed(() => fetch(`${api.url}/models`).then(async (r) => ({ status: r.status, body: await r.text() })));
      if (value.status !== 200) throw new Error(`GET /models answered HTTP ${value.status}: ${value.body.slice(0, 200)}`);
      if (i >= MODELS_WARMUP) models.push(ms);
    }
    const status = await timed(async () => spawnSync(process.execPath, [path.join(ROOT, 'bin', 'stockflow.js'), 'status'], {
      cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
    }));
    if (status.value.status !== 0) throw new Error(`stockflow status exited ${status.value.status}: ${status.value.stderr.slice(0, 500)}`);

    const all = [...refreshCold.sizes, ...refreshWarm.sizes, ...monitor.sizes];
    // Which event of which run carries the largest payload (what to shrink when it nears 512 KB).
    const largest = all.reduce((a, b) => (b.largestPayloadBytes > a.largestPayloadBytes ? b : a));
    console.log(`largest payload: ${(largest.largestPayloadBytes / 1024).toFixed(1)} KB in ${largest.workflowId}, event ${largest.largestPayloadEvent}`);
    const row = {
      symbols: n, refreshColdMs: Math.round(refreshCold.ms), refreshWarmMs: Math.round(refreshWarm.ms), monitorAllMs: Math.round(monitor.ms),
      refreshEvents: Math.max(...refreshCold.sizes.map((s) => s.events)), monitorEvents: Math.max(...monitor.sizes.map((s) => s.events)),
      largestPayloadKb: +(Math.max(...all.map((s) => s.largestPayloadBytes)) / 1024).toFixed(1),
      models: { p50Ms: +median(models).toFixed(1), p95Ms: +p95(models).toFixed(1), samples: models.length },
      statusMs: Math.round(status.ms),
    };
    console.log(JSON.stringify(row));
    return row;
  } finally {
    await api.close();
    running.shutdown();
    await running.done;
    await running.close();
    await client.connection.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
