/**
 * bench:pipeline — `trainSymbols` for every symbol through a real Temporal dev server and a
 * real worker (training concurrency 2 = both cores), and Temporal's overhead per
 * `retrainSymbol`: its wall time minus the time its activities spent executing and queued
 * for a free training slot.
 *   npx tsx bench/pipeline.ts [--quick] [--symbols=A,B]
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Runtime, DefaultLogger } from '@temporalio/worker';
import { connectClient, runRefreshPrices, startPipeline } from '../client/index.js';
import type { BatchRetrainResult } from '../common/wire/index.js';
import { loadConfig } from '../config/index.js';
import { startDevServer } from '../client/target/index.js';
import { startWorkers } from '../worker/run-workers.js';
import { args, PRICES_DIR, secs, table, writeResult } from './lib.js';

const ms = (t: { seconds?: unknown; nanos?: number | null } | null | undefined) => (t ? Number(t.seconds) * 1000 + (t.nanos ?? 0) / 1e6 : NaN);

async function main(): Promise<void> {
  const { symbols, flags } = args();
  const quick = flags.quick === 'true';
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stockflow-bench-pipeline-'));
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const server = await startDevServer({ dbFile: path.join(dir, 'temporal.sqlite'), uiPort: false });
  const taskQueue = `bench-${randomUUID()}`;
  const config = loadConfig({
    env: {
      TEMPORAL_ADDRESS: server.address, STOCKFLOW_TASK_QUEUE: taskQueue, STOCKFLOW_DATA_DIR: dir,
      STOCKFLOW_PRICE_SOURCE: `csv:${PRICES_DIR}`, STOCKFLOW_SYMBOLS: symbols.join(','), STOCKFLOW_AVOID_MARKET_HOURS: 'false',
    },
  });
  config.training.concurrency = 2;
  const target = { address: server.address, namespace: 'default', embedded: true };
  const running = await startWorkers(config, target);
  const client = await connectClient(target);
  try {
    await runRefreshPrices(client, { symbols }, { taskQueue });

    const started = performance.now();
    const handle = await startPipeline(client, 'trainSymbols', { symbols, quick, force: true }, { taskQueue });
    const batch = (await handle.result()) as BatchRetrainResult;
    const wallMs = performance.now() - started;

    const rows = [];
    for (const symbol of symbols) {
      const events = (await client.workflow.getHandle(`retrain-${symbol}`).fetchHistory()).events ?? [];
      const time = (i: number) => ms(events[i]?.eventTime);
      const workflowMs = time(events.length - 1) - time(0);
      const scheduledAt = new Map<string, number>();
      const startedAt = new Map<string, number>();
      let activityMs = 0;
      let queuedMs = 0;
      for (const e of events) {
        if (e.activityTaskScheduledEventAttributes) scheduledAt.set(String(e.eventId), ms(e.eventTime));
        const start = e.activityTaskStartedEventAttributes;
        if (start) {
          startedAt.set(String(start.scheduledEventId), ms(e.eventTime));
          queuedMs += ms(e.eventTime) - (scheduledAt.get(String(start.scheduledEventId)) ?? NaN);
        }
        const done = e.activityTaskCompletedEventAttributes;
        if (done) activityMs += ms(e.eventTime) - (startedAt.get(String(done.scheduledEventId)) ?? NaN);
      }
      // Queue time is waiting for a free training slot (2 for 13 symbols), not Temporal's cost.
      rows.push({
        symbol, workflowMs: Math.round(workflowMs), activityMs: Math.round(activityMs), queuedMs: Math.round(queuedMs),
        overheadMs: Math.round(workflowMs - activityMs - queuedMs),
      });
    }
    const overheads = rows.map((r) => r.overheadMs).sort((a, b) => a - b);
    const result = {
      quick, symbols: symbols.length, trainingConcurrency: 2, wallSeconds: +(wallMs / 1000).toFixed(1),
      promoted: batch.promoted, kept: batch.kept, failed: batch.failed,
      overheadMs: { median: overheads[Math.floor(overheads.length / 2)], max: overheads[overheads.length - 1] },
      perSymbol: rows,
    };
    console.log(table(rows.map((r) => ({ symbol: r.symbol, 'workflow s': secs(r.workflowMs), 'activities s': secs(r.activityMs), 'queued ms': r.queuedMs, 'overhead ms': r.overheadMs }))));
    console.log(`\ntrainSymbols (${quick ? 'quick' : 'default'}) for ${symbols.length} symbols: ${result.wallSeconds} s wall; ${batch.promoted} promoted, ${batch.kept} kept, ${batch.failed} failed`);
    console.log(`Temporal overhead per retrainSymbol (wall − activity execution − waiting for a training slot): median ${result.overheadMs.median} ms, max ${result.overheadMs.max} ms`);
    console.log(`written to ${writeResult(quick ? 'pipeline-quick' : 'pipeline', result)}`);
    running.shutdown();
    await running.done;
  } finally {
    await running.close();
    await client.connection.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
