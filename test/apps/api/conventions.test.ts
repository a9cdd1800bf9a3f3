/**
 * Issue 13 item 3 over real HTTP (startApiServer on a free port): the OpenAPI document is
 * valid and lists every route; another method on any route is a 405 with `Allow`; a matching
 * `If-None-Match` is a 304; symbols are case-insensitive; CORS is off by default and on for the
 * configured origins only; bodies are gzipped when asked; the docs page is served locally;
 * `/metrics` follows the exposition rules promtool's lint checks (and passes promtool itself
 * when a promtool binary is cached in .tools/bin).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../../../apps/api/index.js';
import { REPO_ROOT } from '../../helpers/paths.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { buildFixture, fixtureConfig } from './fixture.js';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
let dataDir: string;
let server: ApiServer;
let withCors: ApiServer;

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** One request with exactly these headers (fetch would add Accept-Encoding and decompress). */
function request(base: string, method: string, urlPath: string, headers: Record<string, string> = {}): Promise<Answer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, path: urlPath, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}
const json = (a: Answer) => JSON.parse(a.body.toString('utf8')) as Record<string, unknown>;

beforeAll(async () => {
  dataDir = tempDir('stockflow-api-conventions-');
  const fx = await buildFixture(dataDir); // SPY and AAPL trained, MSFT configured and untrained
  fx.history.close();
  // Freshness (with its checkedAt) is kept for an hour, so a revalidation seconds later on a busy machine sees the same body.
  const options = { host: '127.0.0.1', port: 0, processMetrics: true, scheduleInfo: async () => [], logger: quiet, freshnessTtlMs: 3_600_000 };
  server = await startApiServer(fixtureConfig(dataDir), options);
  withCors = await startApiServer(fixtureConfig(dataDir, { STOCKFLOW_API_CORS_ORIGINS: 'https://dash.example, http://localhost:5173' }), options);
});
afterAll(async () => {
  await server?.close();
  await withCors?.close();
});

/** The app's routes of one method as OpenAPI paths (`:symbol` → `{symbol}`), the docs page's own left out: read from fastify's route tree. */
function appRoutes(method: 'GET' | 'POST' = 'GET'): string[] {
  const tree = server.app.printRoutes({ commonPrefix: false, method });
  const stack: string[] = [];
  const paths: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([│├└─\s]*?)([^│├└─\s].*?)(?: \(([^)]*)\))?$/.exec(line);
    if (!m) continue;
    const [, indent = '', segment = ''] = m;
    const depth = indent.length / 4;
    stack.length = depth;
    stack.push(segment);
    if (m[3]?.includes(method)) paths.push(stack.join('').replace(/\/+/g, '/').replace(/:(\w+)/g, '{$1}'));
  }
  return [...new Set(paths)].filter((p) => !p.startsWith('/docs')).sort();
}

describe('OpenAPI', () => {
  it('/openapi.json is a valid OpenAPI 3 document listing every route with its responses', async () => {
    const res = await request(server.url, 'GET', '/openapi.json');
    expect(res.status).toBe(200);
    const doc = json(res) as { openapi: string; paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    expect(doc.openapi).toMatch(/^3\./);
    await SwaggerParser.validate(structuredClone(doc) as never);
    const routes = appRoutes();
    expect(routes).toEqual(expect.arrayContaining(['/predict/{symbol}', '/models', '/models/{symbol}', '/models/{symbol}/forecasts', '/incidents', '/workflows', '/health', '/metrics', '/openapi.json']));
    const actions = appRoutes('POST');
    expect(actions).toEqual(['/incidents/{id}/acknowledge', '/models/{symbol}/retrain', '/schedules/{id}/pause', '/schedules/{id}/trigger', '/schedules/{id}/unpause']);
    expect(Object.keys(doc.paths).sort()).toEqual([...new Set([...routes, ...actions])].sort());
    for (const route of routes) {
      expect(Object.keys(doc.paths[route]?.get?.responses ?? {}), route).toEqual(expect.arrayContaining(['200', '4XX', '5XX']));
    }
    for (const route of actions) {
      const post = doc.paths[route]?.post as unknown as { responses: Record<string, unknown>; requestBody?: { content: Record<string, unknown> } };
      expect(Object.keys(post.responses), route).toEqual(expect.arrayContaining(['4XX', '5XX']));
      expect(Object.keys(post.responses).some((s) => s === '200' || s === '202'), route).toBe(true);
      expect(Object.keys(post.requestBody?.content ?? {}), route).toEqual(['application/json']);
    }
    // Request schemas as clients send them, response schemas as served.
    const predict = doc.paths['/predict/{symbol}']?.get as unknown as { parameters: Array<{ name: string; in: string }> };
    expect(predict.parameters.map((p) => `${p.in}:${p.name}`).sort()).toEqual(['path:symbol', 'query:asOf']);
    const models = doc.paths['/models']?.get?.responses['200'] as { content: Record<string, { schema: unknown }> } | undefined;
    expect(JSON.stringify(models?.content['application/json']?.schema)).toContain('ModelRow');
  });

  it('the docs page and every asset it loads are served from this server (no CDN)', async () => {
    const page = await request(server.url, 'GET', '/docs/');
    expect(page.status).toBe(200);
    expect(String(page.headers['content-type'])).toMatch(/^text\/html/);
    const html = page.body.toString('utf8');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => new URL(m[1] ?? '', `${server.url}/docs/`).pathname);
    expect(assets.length).toBeGreaterThan(1);
    for (const asset of assets) expect((await request(server.url, 'GET', asset)).status, asset).toBe(200);
  });
});

describe('405 with Allow', () => {
  it('every other method on every route, POST /predict/NVDA included', async () => {
    const concrete = (p: string) => p.replace('{symbol}', 'NVDA').replace('{name}', 'app.js');
    for (const route of [...appRoutes().map(concrete), '/predict/NVDA', '/models/spy']) {
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
        const res = await request(server.url, method, route);
        expect(res.status, `${method} ${route}`).toBe(405);
        expect(res.headers.allow, `${method} ${route}`).toBe('GET, HEAD');
        expect((json(res).error as { code: string }).code).toBe('method_not_allowed');
      }
    }
  });
});

describe('ETag and Cache-Control', () => {
  it('JSON answers carry a weak ETag; If-None-Match with it is a 304 without a body', async () => {
    for (const route of ['/predict/SPY', '/openapi.json', '/models', '/models/SPY', '/incidents', '/health']) {
      const first = await request(server.url, 'GET', route);
      expect(first.status, route).toBe(200);
      const etag = String(first.headers.etag);
      expect(etag, route).toMatch(/^W\/"[A-Za-z0-9_-]{20,}"$/);
      expect(first.headers['cache-control'], route).toBe('no-cache');
      // Uptime, ages and generatedAt move with the clock: revalidate the answers that stay put.
      if (route !== '/predict/SPY' && route !== '/openapi.json') continue;
      const again = await request(server.url, 'GET', route, { 'If-None-Match': etag });
      expect(again.status, route).toBe(304);
      expect(again.body.length, route).toBe(0);
      expect(again.headers.etag, route).toBe(etag);
      // A list with the tag (strong spelling too), and `*`, match; another tag does not.
      expect((await request(server.url, 'GET', route, { 'If-None-Match': `"nope", ${etag.slice(2)}` })).status).toBe(304);
      expect((await request(server.url, 'GET', route, { 'If-None-Match': '*' })).status).toBe(304);
      const other = await request(server.url, 'GET', route, { 'If-None-Match': 'W/"something-else"' });
      expect(other.status, route).toBe(200);
      expect(json(other)).toEqual(json(first));
    }
  });

  it('errors carry no ETag', async () => {
    const res = await request(server.url, 'GET', '/predict/MSFT');
    expect(res.status).toBe(404);
    expect(res.headers.etag).toBeUndefined();
  });
});

describe('symbols are case-insensitive', () => {
  it('/predict/spy, /predict/Spy and /predict/SPY are one answer; an unknown one is a 404 in upper case', async () => {
    const upper = await request(server.url, 'GET', '/predict/SPY');
    for (const spelling of ['spy', 'Spy', 'sPY']) {
      const res = await request(server.url, 'GET', `/predict/${spelling}`);
      expect(res.status, spelling).toBe(200);
      expect(res.body.equals(upper.body), spelling).toBe(true);
    }
    const lower = json(await request(server.url, 'GET', '/predict/msft'));
    expect(lower.error).toEqual(json(await request(server.url, 'GET', '/predict/MSFT')).error);
    expect((json(await request(server.url, 'GET', '/models/aapl')) as { symbol: string }).symbol).toBe('AAPL');
  });
});

describe('CORS', () => {
  it('is off by default: no Access-Control headers, a preflight is a 405', async () => {
    const res = await request(server.url, 'GET', '/predict/SPY', { Origin: 'https://dash.example' });
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await request(server.url, 'OPTIONS', '/predict/SPY', { Origin: 'https://dash.example', 'Access-Control-Request-Method': 'GET' });
    expect(preflight.status).toBe(405);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows exactly the configured origins (api.corsOrigins / STOCKFLOW_API_CORS_ORIGINS)', async () => {
    const res = await request(withCors.url, 'GET', '/predict/SPY', { Origin: 'https://dash.example' });
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('https://dash.example');
    expect(String(res.headers['access-control-expose-headers'])).toMatch(/etag/i);
    const preflight = await request(withCors.url, 'OPTIONS', '/models', { Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(String(preflight.headers['access-control-allow-headers']).toLowerCase()).toContain('authorization');
    const stranger = await request(withCors.url, 'GET', '/predict/SPY', { Origin: 'https://evil.example' });
    expect(stranger.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('compression', () => {
  it('gzips a large JSON answer when asked, and only then; the ETag names the representation either way', async () => {
    const plain = await request(server.url, 'GET', '/models/SPY');
    expect(plain.headers['content-encoding']).toBeUndefined();
    const gzipped = await request(server.url, 'GET', '/models/SPY', { 'Accept-Encoding': 'gzip' });
    expect(gzipped.status).toBe(200);
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers.vary).toMatch(/accept-encoding/i);
    const unzipped = gunzipSync(gzipped.body);
    expect(gzipped.body.length).toBeLessThan(unzipped.length);
    expect(JSON.parse(unzipped.toString('utf8')).symbol).toBe('SPY');
    const again = await request(server.url, 'GET', '/predict/SPY', { 'Accept-Encoding': 'gzip' });
    const etag = String(again.headers.etag);
    expect((await request(server.url, 'GET', '/predict/SPY', { 'Accept-Encoding': 'gzip', 'If-None-Match': etag })).status).toBe(304);
  });
});

describe('/metrics exposition', () => {
  it('follows the rules promtool checks: HELP and TYPE for each family, _total only on counters, base units', async () => {
    await request(server.url, 'GET', '/predict/SPY');
    const res = await request(server.url, 'GET', '/metrics');
    expect(res.status).toBe(200);
    const text = res.body.toString('utf8');
    expect(text).toContain('stockflow_api_process_cpu_seconds_total');
    expect(text).toContain('# TYPE stockflow_api_nodejs_active_handles gauge');
    const types = new Map([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1], m[2]]));
    const helps = new Set([...text.matchAll(/^# HELP (\S+) \S/gm)].map((m) => m[1]));
    expect(types.size).toBeGreaterThan(10);
    for (const [name, type] of types) {
      expect(helps.has(name), `${name} has HELP`).toBe(true);
      expect(name, 'snake_case').toMatch(/^[a-z_:][a-z0-9_:]*$/);
      if (type === 'counter') expect(name, `counter ${name}`).toMatch(/_total$/);
      else expect(name, `${type} ${name}`).not.toMatch(/_total$/);
      expect(name, `${name} in base units`).not.toMatch(/_(milliseconds|microseconds|kilobytes|megabytes|percent)(_|$)/);
    }
    // Every sample belongs to a declared family.
    for (const line of text.split('\n').filter((l) => l && !l.startsWith('#'))) {
      const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? \S+$/.exec(line);
      expect(sample, line).not.toBeNull();
      const family = (sample?.[1] ?? '').replace(/_(bucket|sum|count)$/, '');
      expect(types.has(sample![1]) || types.has(family), line).toBe(true);
    }
    const promtool = path.join(REPO_ROOT, '.tools', 'bin', 'promtool');
    if (existsSync(promtool)) {
      // `promtool check metrics` exits non-zero and names each problem; an empty report is clean.
      const report = execFileSync(promtool, ['check', 'metrics'], { input: text, encoding: 'utf8' });
      expect(report.trim()).toBe('');
    }
  });
});
