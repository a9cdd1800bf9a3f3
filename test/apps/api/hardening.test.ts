/**
 * Issue 11 items 5, 6, 7 and 9 over real HTTP (startApiServer on a free port, raw sockets where
 * a client would refuse to send the request): strict numeric query parameters, real calendar
 * dates and dates past the data, one error shape for fastify's and Node's own errors without
 * echoing huge input, 5xx logged with stacks when no logger is passed (as `npm start` does),
 * and the price source's server path shown only to an authenticated caller.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startApiServer, type ApiServer } from '../../../apps/api/index.js';
import { HistoryStore } from '../../../domain/history/index.js';
import { addDays } from '../../../common/iso-date.js';
import { PRICES_DIR } from '../../helpers/paths.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { buildFixture, fixtureConfig, TOKEN, type Fixture } from './fixture.js';
import { expectErrorShape, rawRequest, requestText, type RawResponse } from './raw-http.js';

let fx: Fixture;
let dataDir: string;
let server: ApiServer;
let port: number;
/** The last cached SPY session. */
let lastBar: string;
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

async function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const res = await fetch(`${server.url}${path}`, { headers });
  return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
}

beforeAll(async () => {
  dataDir = tempDir('stockflow-api-hardening-');
  fx = await buildFixture(dataDir);
  // The newest evaluation, recorded as the worker does: with the source spec it ran on.
  fx.history.addEvaluation({
    symbol: 'SPY', version: fx.versions.SPY!, kind: 'holdout', from: '2025-05-01', to: '2025-06-30', n: 40,
    metrics: { mape: 0.012 }, source: `csv:${PRICES_DIR}`,
  });
  lastBar = (await fx.priceCache.read('SPY')).at(-1)!.date;
  fx.history.close();
  server = await startApiServer(fixtureConfig(dataDir), { host: '127.0.0.1', port: 0, processMetrics: false, scheduleInfo: async () => [], logger: quiet });
  port = Number(new URL(server.url).port);
});
afterAll(() => server?.close());

describe('numeric query parameters (issue 11, item 5)', () => {
  it('a limit that is not plain digits within 1..5000 is a 400 naming it, on every route that takes one', async () => {
    for (const path of ['/models/SPY', '/models/SPY/forecasts']) {
      for (const limit of ['Infinity', '-Infinity', '1e400', '1e3', '1.5', '0', '-1', 'abc', '0x10', ' 5', '', '5001', 'NaN']) {
        const res = await get(`${path}?limit=${encodeURIComponent(limit)}`);
        const label = `${path}?limit=${limit}`;
        expect(res.status, label).toBe(400);
        const error = expectErrorShape(res, label);
        expect(error.code, label).toBe('invalid_request');
        expect(error.message, label).toContain('query parameter limit must be a whole number written in decimal digits from 1 to 5000');
      }
      const twice = expectErrorShape(await get(`${path}?limit=1&limit=2`));
      expect(twice.message).toContain('limit is given more than once');
    }
    const one = await get('/models/SPY?limit=1');
    expect(one.status).toBe(200);
    expect(JSON.parse(one.body).evaluations).toHaveLength(1);
  });
});

describe('dates (issue 11, item 6)', () => {
  it('impossible or malformed asOf dates are a 400 naming the parameter', async () => {
    for (const asOf of ['2025-02-31', '2023-02-29', '2025-13-01', '0000-01-01', '2025-04-31', '2025-00-10', '2025-1-1', '20250331', '2025-03-31T00:00:00Z', 'yesterday']) {
      const res = await get(`/predict/SPY?asOf=${encodeURIComponent(asOf)}`);
      expect(res.status, asOf).toBe(400);
      const error = expectErrorShape(res, asOf);
      expect(error.code, asOf).toBe('invalid_request');
      expect(error.message, asOf).toBe(`query parameter asOf ${JSON.stringify(asOf)} is not a calendar date: expected YYYY-MM-DD with a real month and day (e.g. 2025-03-31)`);
    }
  });

  it('a leap day that exists and the last cached session are answered', async () => {
    expect(JSON.parse((await get('/predict/SPY?asOf=2024-02-29')).body)).toMatchObject({ asOf: '2024-02-29', onDemand: true });
    const last = await get(`/predict/SPY?asOf=${lastBar}`);
    expect(last.status).toBe(200);
    expect(JSON.parse(last.body)).toMatchObject({ asOf: lastBar, onDemand: true });
  });

  it('a day after the last cached session is a 404 naming that session, not an answer for an earlier day', async () => {
    for (const asOf of [addDays(lastBar, 1), '9999-12-31']) {
      const res = await get(`/predict/SPY?asOf=${asOf}`);
      expect(res.status, asOf).toBe(404);
      const error = expectErrorShape(res, asOf);
      expect(error.code).toBe('beyond_data');
      expect(error.message).toContain(`after the last available SPY session, ${lastBar}`);
    }
  });
});

describe('one error shape for fastify and Node errors (issue 11, item 7)', () => {
  const huge = 'A'.repeat(20_000);
  const cases: Array<[label: string, request: string, status: number, code: string]> = [
    ['bad percent-encoding', requestText('GET', '/predict/%FF'), 400, 'invalid_path'],
    ['truncated percent-encoding', requestText('GET', '/models/%E0%A4%A'), 400, 'invalid_path'],
    ['a path parameter over 1000 characters', requestText('GET', `/predict/${'A'.repeat(5000)}`), 414, 'uri_too_long'],
    ['a request line over 8 kB', requestText('GET', `/models/${huge}`), 414, 'uri_too_long'],
    ['headers over 16 kB', requestText('GET', '/health', { 'X-Big': huge }), 431, 'headers_too_large'],
    ['a malformed request line', 'GARBAGE\r\n\r\n', 400, 'bad_request'],
    ['an unknown method', 'BREW /health HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'bad_request'],
    ['a null byte in the path', 'GET /predict/A\0B HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'bad_request'],
    ['an invalid header name', 'GET /health HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n', 400, 'bad_request'],
    ['Content-Length with Transfer-Encoding', 'GET /health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n', 400, 'bad_request'],
    ['HTTP/1.1 without Host', 'GET /health HTTP/1.1\r\nConnection: close\r\n\r\n', 400, 'bad_request'],
    ['an unknown route', requestText('GET', `/nope/${'x'.repeat(3000)}`), 404, 'route_not_found'],
    ['an unknown query parameter name of 3000 characters', requestText('GET', `/models?${'k'.repeat(3000)}=1`), 400, 'invalid_request'],
    ['DELETE on a known path', requestText('DELETE', '/models/SPY'), 405, 'method_not_allowed'],
    ['a bad JSON body', requestText('POST', '/predict/SPY', { 'Content-Type': 'application/json' }, '{"symbol":'), 405, 'method_not_allowed'],
    ['CONNECT', 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n', 405, 'method_not_allowed'],
  ];

  it.each(cases.map(([label, request, status, code]) => ({ label, request, status, code })))('$label → $status $code in the one shape, echoing at most 60 characters', async ({ label, request, status, code }) => {
    const res: RawResponse = await rawRequest(port, request);
    expect(res.status, label).toBe(status);
    expect(expectErrorShape(res, label).code, label).toBe(code);
    expect(res.raw.length, label).toBeLessThan(600);
    expect(res.raw, label).not.toMatch(/(A{61}|x{61}|k{61})/);
    if (status === 405) expect(res.headers.allow).toBe('GET, HEAD');
  });
});

describe('errors are logged (issue 11, item 5)', () => {
  it('a 500 is logged with its stack when no logger is passed, as inside npm start', async () => {
    const history = HistoryStore.open({ file: fx.history.file, readonly: true });
    // A store that fails the way a damaged database does, on the call /models makes.
    const broken = new Proxy(history, {
      get(target, prop) {
        if (prop === 'openIncidentCounts') return () => { throw new Error('database disk image is malformed (/srv/secret/history.sqlite)'); };
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const sick = await startApiServer(fixtureConfig(dataDir), { host: '127.0.0.1', port: 0, processMetrics: false, scheduleInfo: async () => [], history: broken });
    try {
      const res = await fetch(`${sick.url}/models`);
      expect(res.status).toBe(500);
      const error = expectErrorShape({ status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() });
      expect(error.code).toBe('internal_error');
      expect(error.message).not.toContain('secret');
      const log = written.join('');
      expect(log).toContain('stockflow api: GET "/models" → 500');
      expect(log).toContain('Error: database disk image is malformed (/srv/secret/history.sqlite)');
      // The stack, not just the message.
      expect(log).toMatch(/malformed \(\/srv\/secret\/history\.sqlite\)\n\s+at \S/);
    } finally {
      spy.mockRestore();
      await sick.close();
      history.close();
    }
  });
});

describe('price source path (issue 11, item 9)', () => {
  it('shows only the source kind to a caller that is not authenticated', async () => {
    const detail = await get('/models/SPY');
    expect(detail.status).toBe(200);
    const sources = (JSON.parse(detail.body) as { evaluations: Array<{ source: string | null }> }).evaluations.map((e) => e.source);
    expect(sources).toContain('csv');
    expect(detail.body).not.toContain(PRICES_DIR);
    expect((await get('/models')).body).not.toContain(PRICES_DIR);
  });

  it('shows the full source to a caller presenting the configured token', async () => {
    const secured = await startApiServer(fixtureConfig(dataDir, { STOCKFLOW_API_TOKEN: TOKEN }), { host: '127.0.0.1', port: 0, processMetrics: false, scheduleInfo: async () => [], logger: quiet });
    try {
      const res = await fetch(`${secured.url}/models/SPY`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      const sources = ((await res.json()) as { evaluations: Array<{ source: string | null }> }).evaluations.map((e) => e.source);
      expect(sources).toContain(`csv:${PRICES_DIR}`);
    } finally {
      await secured.close();
    }
  });
});
