/**
 * Worker entry point: `npm run worker` (or `node dist/worker/main.js` in production).
 * Polls the general and the training task queue until SIGINT/SIGTERM, then drains and exits.
 */
import { loadConfig } from '../config/index.js';
import { resolveTemporalTarget } from '../client/target/index.js';
import { startWorkers } from './run-workers.js';
import { startupWarnings } from './startup-checks.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const target = await resolveTemporalTarget(config);
  try {
    const running = await startWorkers(config, target);
    console.log(`stockflow worker polling ${config.temporal.taskQueue} (+ training) on ${target.address}/${target.namespace}`);
    for (const warning of startupWarnings(config, running.deps.registry)) console.warn(`warning: ${warning}`);
    // The Temporal runtime turns SIGINT/SIGTERM into a graceful shutdown of every worker.
    await running.done.finally(() => running.close());
  } finally {
    await target.devServer?.stop();
  }
}

main().catch((err) => {
  console.error(`stockflow worker: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
