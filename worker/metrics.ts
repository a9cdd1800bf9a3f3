/**
 * The worker's Prometheus metrics: its own (trainings started, finished, failed, and how long
 * they took) counted by an activity interceptor around `trainChallenger`, and the Temporal
 * SDK's runtime metrics (task slots, poll latencies, sticky cache, …) which the SDK's core
 * exports on a loopback port of its own (worker/telemetry.ts). One HTTP endpoint serves both,
 * so a worker is one scrape target.
 */
import http from 'node:http';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The activity whose runs are counted as trainings. */
export const TRAINING_ACTIVITY = 'trainChallenger';

/** Seconds: a quick training takes seconds, a full one on a busy core many minutes. */
const TRAINING_BUCKETS = [1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200, 2400];

export class WorkerMetrics {
  readonly registry = new Registry();
  readonly started: Counter<'kind'>;
  readonly finished: Counter<'kind'>;
  readonly failed: Counter<'kind'>;
  readonly duration: Histogram<'kind' | 'outcome'>;

  constructor(options: { processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    if (options.processMetrics ?? true) {
      collectDefaultMetrics({ register: this.registry, prefix: 'stockflow_worker_' });
      // prom-client names three gauges *_total, which promtool rejects (only counters may end so);
      // each is the sum of the per-type gauge beside it (nodejs_active_handles{type=…}), so nothing is lost.
      for (const gauge of ['active_handles_total', 'active_requests_total', 'active_resources_total']) {
        this.registry.removeSingleMetric(`stockflow_worker_nodejs_${gauge}`);
      }
    }
    this.started = new Counter({
      name: 'stockflow_worker_trainings_started_total',
      help: 'Training activity attempts started on this worker, by kind (quick or full)',
      labelNames: ['kind'],
      registers,
    });
    this.finished = new Counter({
      name: 'stockflow_worker_trainings_finished_total',
      help: 'Training activity attempts that completed on this worker, by kind',
      labelNames: ['kind'],
      registers,
    });
    this.failed = new Counter({
      name: 'stockflow_worker_trainings_failed_total',
      help: 'Training activity attempts that failed or were cancelled on this worker, by kind',
      labelNames: ['kind'],
      registers,
    });
    this.duration = new Histogram({
      name: 'stockflow_worker_training_duration_seconds',
      help: 'Wall time of one training activity attempt on this worker, by kind and outcome (finished or failed)',
      labelNames: ['kind', 'outcome'],
      buckets: TRAINING_BUCKETS,
      registers,
    });
  }

  /** An activity interceptor that counts and times every `trainChallenger` attempt. */
  trainingInterceptor(): ActivityInterceptorsFactory {
    return (ctx) => {
      if (ctx.info.activityType !== TRAINING_ACTIVITY) return {};
      return {
        inbound: {
          execute: async (input, next) => {
            const kind = trainingKind(input.args[0]);
            this.started.inc({ kind });
            const stopTimer = this.duration.startTimer({ kind });
            try {
              const result = await next(input);
              this.finished.inc({ kind });
              stopTimer({ outcome: 'finished' });
              return result;
            } catch (err) {
              this.failed.inc({ kind });
              stopTimer({ outcome: 'failed' });
              throw err;
            }
          },
        },
      };
    };
  }
}

function trainingKind(input: unknown): 'quick' | 'full' {
  return typeof input === 'object' && input !== null && (input as { quick?: unknown }).quick === true ? 'quick' : 'full';
}

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `GET /metrics`: the worker's own metrics, then the SDK's (fetched from `sdkMetricsUrl`
 * at scrape time; when that fails the scrape still answers with ours and a comment saying why).
 */
export async function startMetricsServer(options: { host: string; port: number; metrics: WorkerMetrics; sdkMetricsUrl?: string }): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '/').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('only GET /metrics here\n');
      return;
    }
    scrape(options.metrics, options.sdkMetricsUrl).then(
      (body) => res.writeHead(200, { 'content-type': options.metrics.registry.contentType }).end(body),
      (err: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${(err as Error).message}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(new Error(`worker metrics: cannot listen on ${options.host}:${options.port}: ${err.message} (set metrics.port / STOCKFLOW_METRICS_PORT to a free port)`)));
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}/metrics`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

async function scrape(metrics: WorkerMetrics, sdkMetricsUrl: string | undefined): Promise<string> {
  const text = await metrics.registry.metrics();
  const own = text.endsWith('\n') || text === '' ? text : `${text}\n`;
  if (!sdkMetricsUrl) return own;
  try {
    const response = await fetch(sdkMetricsUrl, { signal: AbortSignal.timeout(5000) });
    if (!response.ok) return `${own}# Temporal SDK metrics unavailable: ${sdkMetricsUrl} answered ${response.status}\n`;
    return `${own}${await response.text()}`;
  } catch (err) {
    return `${own}# Temporal SDK metrics unavailable: ${sdkMetricsUrl}: ${(err as Error).message.replace(/\n/g, ' ')}\n`;
  }
}
