/**
 * The per-request Prometheus series — `stockflow_api_requests_total` (counter) and
 * `stockflow_api_request_duration_seconds` (histogram), by route pattern, method and status —
 * recorded with plain increments on the hot path and printed by prom-client's registry at scrape
 * time. prom-client's own Counter and Histogram validate and hash the label set on every call
 * (about 2 µs per request together, bench:api); here each route holds its series directly
 * (`forRoute`, resolved once when the route is registered) and a request costs two small map
 * lookups, a bucket search and three additions. The text printed is the same as prom-client's
 * Counter and Histogram would print for the same observations.
 */
import type { Metric, Registry } from 'prom-client';

const REQUESTS_NAME = 'stockflow_api_requests_total';
const REQUESTS_HELP = 'HTTP requests served, by route pattern, method and status code';
const DURATION_NAME = 'stockflow_api_request_duration_seconds';
const DURATION_HELP = 'Time from request received to response sent, by route pattern, method and status code';
/** Upper bounds of the duration buckets, seconds (`+Inf` is implied). */
export const DURATION_BUCKETS: readonly number[] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** One label set's observations: the count, the sum, and how many fell in each bucket (not cumulative; the last slot is above every bound). */
class Series {
  count = 0;
  sum = 0;
  readonly perBucket = new Float64Array(DURATION_BUCKETS.length + 1);
  constructor(readonly labels: Readonly<{ route: string; method: string; status: string }>) {}
}

/** The series of one route pattern, by method and status code. */
export class RouteRequestMetrics {
  private readonly byMethod = new Map<string, Map<number, Series>>();

  constructor(private readonly route: string, private readonly all: Series[]) {}

  observe(method: string, status: number, seconds: number): void {
    let byStatus = this.byMethod.get(method);
    if (!byStatus) {
      byStatus = new Map();
      this.byMethod.set(method, byStatus);
    }
    let series = byStatus.get(status);
    if (!series) {
      series = new Series({ route: this.route, method, status: String(status) });
      byStatus.set(status, series);
      this.all.push(series);
    }
    series.count++;
    series.sum += seconds;
    let bucket = 0;
    while (bucket < DURATION_BUCKETS.length && seconds > DURATION_BUCKETS[bucket]!) bucket++; // bucket < length
    series.perBucket[bucket]!++; // bucket ≤ length, the array's last index
  }

  /** Forget every series (the registry's resetMetrics). */
  clear(): void {
    this.byMethod.clear();
  }
}

/** One metric as prom-client's registry prints it: name, help, type and labelled values. */
interface PrintedMetric {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  aggregator: 'sum';
  values: Array<{ value: number; labels: Record<string, string | number>; metricName?: string }>;
}

export class RequestMetrics {
  /** Every series, in the order first seen (the order they are printed in, as prom-client does). */
  private readonly all: Series[] = [];
  private readonly routes = new Map<string, RouteRequestMetrics>();

  /** Adds both metrics to the registry (printed in that order, after what is registered already). */
  constructor(registry: Registry) {
    for (const metric of [this.printed('counter'), this.printed('histogram')]) {
      // The registry prints any object with name, help, type and get(); prom-client types it as its own classes.
      registry.registerMetric(metric as unknown as Metric);
    }
  }

  /** The series of one route pattern (kept: call it once per route, not per request). */
  forRoute(route: string): RouteRequestMetrics {
    let metrics = this.routes.get(route);
    if (!metrics) {
      metrics = new RouteRequestMetrics(route, this.all);
      this.routes.set(route, metrics);
    }
    return metrics;
  }

  private printed(type: 'counter' | 'histogram') {
    const all = this.all;
    const name = type === 'counter' ? REQUESTS_NAME : DURATION_NAME;
    const help = type === 'counter' ? REQUESTS_HELP : DURATION_HELP;
    const get = async (): Promise<PrintedMetric> => ({ name, help, type, aggregator: 'sum', values: type === 'counter' ? counterValues(all) : histogramValues(all) });
    return {
      name,
      help,
      type,
      aggregator: 'sum',
      get,
      // Like prom-client's reset: the series are gone until observed again.
      reset: () => {
        all.length = 0;
        for (const route of this.routes.values()) route.clear();
      },
    };
  }
}

function counterValues(all: readonly Series[]): PrintedMetric['values'] {
  return all.map((s) => ({ value: s.count, labels: { ...s.labels } }));
}

/** As prom-client prints a histogram: cumulative `_bucket`s with `le` first, `+Inf`, then `_sum` and `_count`. */
function histogramValues(all: readonly Series[]): PrintedMetric['values'] {
  const values: PrintedMetric['values'] = [];
  for (const s of all) {
    let cumulative = 0;
    for (const [i, le] of DURATION_BUCKETS.entries()) {
      cumulative += s.perBucket[i]!; // i < length
      values.push({ value: cumulative, labels: { le, ...s.labels }, metricName: `${DURATION_NAME}_bucket` });
    }
    values.push({ value: s.count, labels: { le: '+Inf', ...s.labels }, metricName: `${DURATION_NAME}_bucket` });
    values.push({ value: s.sum, labels: { ...s.labels }, metricName: `${DURATION_NAME}_sum` });
    values.push({ value: s.count, labels: { ...s.labels }, metricName: `${DURATION_NAME}_count` });
  }
  return values;
}
