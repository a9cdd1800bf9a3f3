/**
 * Installs the Temporal SDK runtime of a worker process with its Prometheus exporter on a
 * loopback port, when the worker's metrics are switched on (metrics.port). Must run before the
 * first NativeConnection: the runtime is installed once per process.
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { ResolvedConfig } from '../config/index.js';
import { freePort } from '../client/target/index.js';

export interface InstalledTelemetry {
  /** Where the SDK's core serves its Prometheus text, when metrics are on. */
  sdkMetricsUrl?: string;
}

export async function installWorkerTelemetry(config: Pick<ResolvedConfig, 'metrics'>): Promise<InstalledTelemetry> {
  if (config.metrics.port === undefined) return {};
  const host = '127.0.0.1';
  const port = await freePort(host);
  Runtime.install({
    logger: new DefaultLogger('INFO'),
    telemetryOptions: {
      metrics: {
        metricPrefix: 'temporal_',
        // Names promtool accepts: counters end in _total, durations are seconds with a unit suffix.
        prometheus: { bindAddress: `${host}:${port}`, countersTotalSuffix: true, unitSuffix: true, useSecondsForDurations: true },
      },
    },
  });
  return { sdkMetricsUrl: `http://${host}:${port}/metrics` };
}
