/**
 * Worker entry point: `npm run worker` (or `node dist/worker/main.js` in production).
 * Polls the general and the training task queue until SIGINT/SIGTERM, then drains and exits.
 */
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../config';
import { resolveTemporalTarget } from '../runtime';
import { buildDependencies } from './dependencies';
import { createWorkers } from './create-workers';

async function main(): Promise<void> {
  const config = loadConfig();
  const target = await resolveTemporalTarget(config);
  const connection = await NativeConnection.connect({ address: target.address, tls: target.tls, apiKey: target.apiKey });
  const deps = buildDependencies(config);
  try {
    const workers = await createWorkers({
      connection,
      namespace: target.namespace,
      taskQueue: config.temporal.taskQueue,
      deps,
      trainingConcurrency: config.training.concurrency,
    });
    console.log(`stockflow worker polling ${config.temporal.taskQueue} (+ training) on ${target.address}/${target.namespace}`);
    // The Temporal runtime turns SIGINT/SIGTERM into a graceful shutdown of every worker.
    await Promise.all(workers.map((w) => w.run()));
  } finally {
    deps.close();
    await connection.close();
    await target.devServer?.stop();
  }
}

main().catch((err) => {
  console.error(`stockflow worker: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
