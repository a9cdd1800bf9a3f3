/**
 * Worker entry point: `npm run worker` (or `node dist/worker/main.js` in production).
 * Polls the general and the training task queue until SIGINT/SIGTERM, then drains and exits.
 */
import { loadConfig } from '../config/index.js';
import { resolveTemporalTarget } from '../client/target/index.js';
import { startMetricsServer, WorkerMetrics, type MetricsServer } from './metrics.js';
import { startWorkers } from './run-workers.js';
import { mallocArenaWarning } from './malloc-arenas.js';
import { startupWarnings } from './startup-checks.js';
import { installWorkerTelemetry } from './telemetry.js';

async function main(): Promise<void> {
  const config = loadConfig();
  // Before any connection: the SDK runtime (and its Prometheus exporter) is installed once per process.
  const telemetry = await installWorkerTelemetry(config);
  const metrics = config.metrics.port === undefined ? undefined : new WorkerMetrics();
  const target = await resolveTemporalTarget(config);
  let metricsServer: MetricsServer | undefined;
  try {
    if (metrics && config.metrics.port !== undefined) {
      metricsServer = await startMetricsServer({ host: config.metrics.host, port: config.metrics.port, metrics, sdkMetricsUrl: telemetry.sdkMetricsUrl });
      console.log(`stockflow worker metrics at ${metricsServer.url}`);
    }
    const running = await startWorkers(config, target, metrics);
    console.log(`stockflow worker polling ${config.temporal.taskQueue} (+ training) on ${target.address}/${target.namespace}`);
    for (const warning of [mallocArenaWarning(), ...startupWarnings(config, running.deps.registry)]) if (warning) console.warn(`warning: ${warning}`);
    // The Temporal runtime turns SIGINT/SIGTERM into a graceful shutdown of every worker.
    await running.done.finally(() => running.close());
  } finally {
    await metricsServer?.close();
    await target.devServer?.stop();
  }
}

main().catch((err) => {
  console.error(`stockflow worker: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
