/**
 * bench:soak — does the worker's memory stay flat? Starts a Temporal dev server and ONE worker
 * process (`node --import tsx worker/main.ts`), runs N quick `retrainSymbol`s for one symbol one
 * after another, and after each samples the worker's resident set (VmRSS from /proc/<pid>/status)
 * and its V8 heap used (the worker's Prometheus default metrics). Target: RSS after the 30th
 * retrain ≤ RSS after the 5th + 50 MB.
 *   npm run bench:soak -- [--runs=30] [--symbol=SPY] [--epochs=10] [--snapshots=1,20]
 * `--snapshots` writes V8 heap snapshots of the worker after those retrains (SIGUSR2 →
 * `--heapsnapshot-signal`) into bench/results/soak-snapshots/ for comparison in DevTools.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectClient, runRefreshPrices, startRetrainSymbol } from '../client/index.js';
import { freePort, startDevServer } from '../client/target/index.js';
import { startTsProcess, type RunningProcess } from '../test/helpers/processes.js';
import { args, PRICES_DIR, table, writeResult } from './lib.js';
import { soakSummary, type SoakSample } from './soak-summary.js';

const REPO = path.resolve(import.meta.dirname, '..');
const TARGET_GROWTH_MB = 50;

/** Resident set of a process, MB, from /proc (Linux). */
function rssMb(pid: number): number {
  const m = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return +(Number(m[1]) / 1024).toFixed(1);
}

/** V8 heap used and the tfjs-independent external memory, MB, from the worker's /metrics. */
async function heapMb(metricsUrl: string): Promise<{ heapUsedMb: number; externalMb: number }> {
  const text = await (await fetch(metricsUrl)).text();
  const gauge = (name: string) => {
    const m = new RegExp(`^stockflow_worker_${name}(?:\\{[^}]*\\})? ([0-9.e+]+)$`, 'm').exec(text);
    if (!m) throw new Error(`no stockflow_worker_${name} in ${metricsUrl}`);
    return +(Number(m[1]) / 2 ** 20).toFixed(1);
  };
  return { heapUsedMb: gauge('nodejs_heap_size_used_bytes'), externalMb: gauge('nodejs_external_memory_bytes') };
}

async function waitForNewFile(dir: string, before: Set<string>): Promise<string> {
  for (;;) {
    const added = readdirSync(dir).filter((f) => !before.has(f) && f.endsWith('.heapsnapshot'));
    // V8 writes the snapshot synchronously: once /metrics answers again the file is complete.
    const [first] = added;
    if (first !== undefined) return first;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** After a heap snapshot (the worker is blocked while V8 writes it): /metrics answers again. */
async function waitUntilAnswering(metricsUrl: string, worker: RunningProcess): Promise<void> {
  for (;;) {
    if (worker.child.exitCode !== null || worker.child.signalCode !== null) {
      throw new Error(`the worker exited (code ${worker.child.exitCode}, signal ${worker.child.signalCode}) while writing a heap snapshot; its output:\n${worker.output().slice(-4000)}`);
    }
    try {
      await heapMb(metricsUrl);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

async function main(): Promise<void> {
  const { flags } = args();
  const runs = Number(flags.runs ?? 30);
  const symbol = flags.symbol ?? 'SPY';
  const epochs = Number(flags.epochs ?? 10);
  const snapshotsAfter = new Set((flags.snapshots ?? '').split(',').filter(Boolean).map(Number));
  if (!(runs >= 5)) throw new Error(`--runs must be at least 5 (got ${flags.runs})`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stockflow-bench-soak-'));
  const snapshotDir = path.join(REPO, 'bench', 'results', 'soak-snapshots');
  if (snapshotsAfter.size > 0) mkdirSync(snapshotDir, { recursive: true });
  const configFile = path.join(dir, 'stockflow.config.yaml');
  writeFileSync(configFile, `training:\n  quickEpochs: ${epochs}\n  concurrency: 1\n`);
  const server = await startDevServer({ dbFile: path.join(dir, 'temporal.sqlite'), uiPort: false });
  const taskQueue = `soak-${randomUUID()}`;
  const metricsPort = await freePort();
  const worker = startTsProcess(path.join(REPO, 'worker', 'main.ts'), [], {
    cwd: REPO,
    env: {
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${snapshotDir}`.trim(),
      // As every launcher runs it (worker/malloc-arenas.ts: glibc arenas per training thread otherwise keep freed memory).
      MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2',
      STOCKFLOW_CONFIG: configFile, TEMPORAL_ADDRESS: server.address, STOCKFLOW_TASK_QUEUE: taskQueue, STOCKFLOW_DATA_DIR: dir,
      STOCKFLOW_PRICE_SOURCE: `csv:${PRICES_DIR}`, STOCKFLOW_SYMBOLS: symbol, STOCKFLOW_AVOID_MARKET_HOURS: 'false',
      STOCKFLOW_METRICS_HOST: '127.0.0.1', STOCKFLOW_METRICS_PORT: String(metricsPort),
    },
  });
  const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
  const target = { address: server.address, namespace: 'default', embedded: true };
  const client = await connectClient(target);
  try {
    await worker.waitForOutput('stockflow worker polling', 10 * 60_000);
    const pid = worker.child.pid!;
    await runRefreshPrices(client, { symbols: [symbol] }, { taskQueue });
    const samples: SoakSample[] = [{ retrain: 0, rssMb: rssMb(pid), ...(await heapMb(metricsUrl)), seconds: 0 }];
    const idle = samples[0]!; // the array literal above has one element
    console.log(`worker pid ${pid}, idle after refreshPrices: RSS ${idle.rssMb} MB, heap used ${idle.heapUsedMb} MB`);
    for (let i = 1; i <= runs; i++) {
      const started = performance.now();
      const start = await startRetrainSymbol(client, { symbol, reason: 'bench:soak', quick: true, force: true }, { taskQueue });
      if (start.status !== 'started') throw new Error(`retrain ${i}: a retrain of ${symbol} was already running`);
      const result = await start.handle.result();
      const seconds = +((performance.now() - started) / 1000).toFixed(1);
      const sample = { retrain: i, rssMb: rssMb(pid), ...(await heapMb(metricsUrl)), seconds, outcome: result.promoted ? 'promoted' : 'kept' };
      samples.push(sample);
      console.log(`retrain ${i}/${runs}: ${seconds} s, ${sample.outcome}; RSS ${sample.rssMb} MB, heap used ${sample.heapUsedMb} MB, external ${sample.externalMb} MB`);
      if (snapshotsAfter.has(i)) {
        const before = new Set(readdirSync(snapshotDir));
        worker.child.kill('SIGUSR2');
        const file = await waitForNewFile(snapshotDir, before);
        await waitUntilAnswering(metricsUrl, worker);
        console.log(`  heap snapshot after retrain ${i}: ${path.join(snapshotDir, file)}`);
      }
    }
    const summary = soakSummary(samples, TARGET_GROWTH_MB);
    const result = { symbol, runs, quickEpochs: epochs, ...summary, samples };
    console.log(`\n${table(samples.map((s) => ({ retrain: s.retrain, 'RSS MB': s.rssMb, 'heap used MB': s.heapUsedMb, 'external MB': s.externalMb, 's': s.seconds })))}`);
    console.log(`\nRSS after the 5th retrain ${summary.rssAfter5thMb} MB, after the ${runs}th ${summary.rssAfterLastMb} MB: ${summary.growthMb >= 0 ? '+' : ''}${summary.growthMb} MB`
      + ` (${summary.perRetrainMb} MB per retrain); target ≤ +${TARGET_GROWTH_MB} MB: ${summary.met ? 'met' : 'missed'}`);
    console.log(`written to ${writeResult('soak', result)}`);
  } finally {
    worker.child.kill('SIGTERM');
    await Promise.race([worker.exited, new Promise((r) => setTimeout(r, 30_000))]);
    worker.killIfRunning();
    await client.connection.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
