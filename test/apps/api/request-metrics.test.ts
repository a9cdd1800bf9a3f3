/**
 * The API's own request counter and duration histogram print exactly what prom-client's Counter
 * and Histogram print for the same observations (names, help, label order, cumulative buckets,
 * `+Inf`, `_sum`, `_count`, series order), and reset like them.
 */
import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { DURATION_BUCKETS, RequestMetrics } from '../../../apps/api/request-metrics.js';

type Observation = [route: string, method: string, status: number, seconds: number];

/** Bucket bounds exactly, just above them, above every bound, zero; several routes, methods, statuses, interleaved. */
const OBSERVATIONS: Observation[] = [
  ['/predict/:symbol', 'GET', 200, 0.0003],
  ['/predict/:symbol', 'GET', 200, 0.0005],
  ['/predict/:symbol', 'GET', 200, 0.00050001],
  ['/models', 'GET', 200, 0.02],
  ['/predict/:symbol', 'GET', 404, 0.001],
  ['/predict/:symbol', 'HEAD', 200, 0.0025],
  ['(unmatched)', 'POST', 405, 0],
  ['/predict/:symbol', 'GET', 200, 3.7],
  ['/models', 'GET', 200, 2.5],
  ['/models', 'GET', 500, 0.7],
  ['/predict/:symbol', 'GET', 200, 0.1234567],
];

function withPromClient(observations: readonly Observation[]): Registry {
  const registry = new Registry();
  const labelNames = ['route', 'method', 'status'] as const;
  const requests = new Counter({ name: 'stockflow_api_requests_total', help: 'HTTP requests served, by route pattern, method and status code', labelNames, registers: [registry] });
  const duration = new Histogram({
    name: 'stockflow_api_request_duration_seconds',
    help: 'Time from request received to response sent, by route pattern, method and status code',
    labelNames,
    buckets: [...DURATION_BUCKETS],
    registers: [registry],
  });
  for (const [route, method, status, seconds] of observations) {
    const labels = { route, method, status: String(status) };
    requests.inc(labels);
    duration.observe(labels, seconds);
  }
  return registry;
}

function withOurs(observations: readonly Observation[]): { registry: Registry; metrics: RequestMetrics } {
  const registry = new Registry();
  const metrics = new RequestMetrics(registry);
  for (const [route, method, status, seconds] of observations) metrics.forRoute(route).observe(method, status, seconds);
  return { registry, metrics };
}

describe('RequestMetrics', () => {
  it('prints what prom-client prints for the same observations', async () => {
    const expected = await withPromClient(OBSERVATIONS).metrics();
    const { registry } = withOurs(OBSERVATIONS);
    expect(await registry.metrics()).toBe(expected);
    // The comparison covers something: every series and the overflow observation are in it.
    expect(expected).toContain('stockflow_api_request_duration_seconds_bucket{le="+Inf",route="/predict/:symbol",method="GET",status="200"} 5');
    expect(expected).toContain('stockflow_api_request_duration_seconds_bucket{le="0.0005",route="/predict/:symbol",method="GET",status="200"} 2');
    expect(expected).toContain('stockflow_api_requests_total{route="(unmatched)",method="POST",status="405"} 1');
  });

  it('keeps one series per route, method and status however the route is looked up', async () => {
    const { registry, metrics } = withOurs([]);
    metrics.forRoute('/health').observe('GET', 200, 0.001);
    metrics.forRoute('/health').observe('GET', 200, 0.002);
    const text = await registry.metrics();
    expect(text.split('\n').filter((l) => l.startsWith('stockflow_api_requests_total{'))).toEqual(['stockflow_api_requests_total{route="/health",method="GET",status="200"} 2']);
    expect(text).toContain('stockflow_api_request_duration_seconds_sum{route="/health",method="GET",status="200"} 0.003');
  });

  it('resets like prom-client: the series are gone until observed again', async () => {
    const ours = withOurs(OBSERVATIONS);
    const theirs = withPromClient(OBSERVATIONS);
    ours.registry.resetMetrics();
    theirs.resetMetrics();
    expect(await ours.registry.metrics()).toBe(await theirs.metrics());
    expect(await ours.registry.metrics()).not.toContain('route=');
    const after: Observation = ['/models', 'GET', 200, 0.004];
    ours.metrics.forRoute('/models').observe('GET', 200, 0.004);
    expect(await ours.registry.metrics()).toBe(await withPromClient([after]).metrics());
  });
});
