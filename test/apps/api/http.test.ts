/**
 * The API over real HTTP: startApiServer on a free port with dependencies built from a
 * configuration (read-only history DB, registry, csv price cache, schedules from the test's
 * Temporal dev server), and api/main.ts as a process that stops cleanly on SIGTERM.
 */
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApiServer, type ApiServer, type ErrorBody, type ForecastsResponse } from '../../../apps/api/index.js';
import { HistoryStore, historyFile, type PredictionRecord } from '../../../domain/history/index.js';
import { applySchedules, deleteAllSchedules } from '../../../schedules/index.js';
import { PRICES_DIR, REPO_ROOT } from '../../helpers/paths.js';
import { eventually } from '../../helpers/eventually.js';
import { GLOBAL_SCHEDULES_LOCK, withExclusive } from '../../helpers/exclusive.js';
import { startTsProcess } from '../../helpers/processes.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { testClient } from '../../helpers/temporal.js';
import { buildFixture, fixtureConfig, TOKEN, type Fixture } from './fixture.js';

let fx: Fixture;
let dataDir: string;

/** A raw GET: the path goes on the wire exactly as given (fetch would resolve "..") */
function rawGet(url: string, rawPath: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, path: rawPath, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  dataDir = tempDir('stockflow-api-http-');
  fx = await buildFixture(dataDir);
  // The server opens its own read-only connection, as in production (the worker owns the DB).
  fx.history.close();
});

describe('startApiServer', () => {
  let server: ApiServer;
  beforeAll(async () => {
    server = await startApiServer(fixtureConfig(dataDir), { host: '127.0.0.1', port: 0, processMetrics: false });
  });
  afterAll(() => server?.close());

  it('prints a usable URL and answers /health', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${server.url}/health`);
    expect(res.status).toBe(200);
    // Degraded, not down: MSFT has no champion and the shared prices end 2025-06-30 (see freshness.test.ts).
    expect(await res.json()).toMatchObject({ status: 'degraded', symbols: { configured: 3, withModel: 2 }, versions: 2, db: { ok: true }, reasons: expect.arrayContaining(['MSFT: no champion model']) });
  });

  it('serves /predict/:symbol over keep-alive connections', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    try {
      const get = (p: string) => new Promise<{ status: number; body: string }>((resolve, reject) => {
        http.get(`${server.url}${p}`, { agent }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => { body += c.toString('utf8'); });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        }).on('error', reject);
      });
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => get(`/predict/${i % 2 ? 'SPY' : 'AAPL'}`)));
      for (const r of results) {
        expect(r.status).toBe(200);
        const body = JSON.parse(r.body);
        expect(body.servedByChampion).toBe(true);
        expect(body.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
      expect(JSON.parse((await get('/predict/MSFT')).body).error.code).toBe('no_model');
    } finally {
      agent.destroy();
    }
  });

  it('refuses a verbatim "../" path with 400 and never touches a file', async () => {
    for (const p of ['/predict/../../etc/passwd', '/predict/..', '/assets/../../package.json', '/predict/%2E%2E']) {
      const res = await rawGet(server.url, p);
      expect(res.status, p).toBe(400);
      expect(JSON.parse(res.body).error.code).toMatch(/^invalid_(path|request)$/);
      expect(res.body).not.toContain('root:');
    }
  });

  it('reads the applied schedules from Temporal', async () => {
    // The unprefixed schedule ids are global on the shared server: hold the lock the CLI test takes too.
    await withExclusive(GLOBAL_SCHEDULES_LOCK, async () => {
      const client = await testClient();
      // A server of its own: its schedule cache has not seen the server before the schedules existed.
      const fresh = await startApiServer(fixtureConfig(dataDir), { host: '127.0.0.1', port: 0, processMetrics: false });
      try {
        await applySchedules(client, fixtureConfig(dataDir).schedules, { taskQueue: 'test-api-http-schedules' });
        type Models = { schedules: Array<{ id: string; nextRunTimes: string[] }> | null; schedulesError?: string; models: Array<{ symbol: string }> };
        // The API gives Temporal 2 s per listing and keeps a failure for 10 s: on a busy machine, ask again.
        const body = await eventually(async () => (await (await fetch(`${fresh.url}/models`)).json()) as Models, (b) => b.schedulesError === undefined, { what: 'a schedule listing without error' });
        if (!body.schedules) throw new Error('no schedules in /models');
        expect(body.schedules.map((s) => s.id)).toEqual(['weekly-training', 'monitoring', 'monthly-comprehensive', 'daily-cleanup']);
        for (const s of body.schedules) expect(s.nextRunTimes.length, s.id).toBeGreaterThan(0);
        expect(body.models.map((m) => m.symbol)).toEqual(['SPY', 'AAPL', 'MSFT']);
      } finally {
        await fresh.close();
        await deleteAllSchedules(client).finally(() => client.connection.close());
      }
    });
  });

  it('the holdout forecast chart data loads the model lazily and works over HTTP', async () => {
    const body = (await (await fetch(`${server.url}/models/SPY/forecasts`)).json()) as ForecastsResponse;
    expect(body.holdout?.points).toHaveLength(40);
  });
});

describe('/predict/:symbol over HTTP serves the stored forecast as stored', () => {
  let server: ApiServer;
  let spy: PredictionRecord;
  let none: PredictionRecord;
  beforeAll(async () => {
    // A writer beside the server's read-only connection, as the worker is in production.
    const writer = HistoryStore.open({ file: historyFile(dataDir) });
    try {
      spy = writer.latestPrediction('SPY')!;
      const aapl = writer.latestPrediction('AAPL')!;
      // A later forecast for AAPL on the same data that says the model has no directional information.
      const centre = aapl.lastClose! * 1.0004;
      none = writer.addPrediction({
        symbol: 'AAPL', asOf: aapl.asOf, targetDate: aapl.targetDate, forecastClose: centre, lastClose: aapl.lastClose, direction: 'none',
        confidence: 0.5, modelVersion: fx.versions.AAPL!, createdAt: new Date(Date.parse(aapl.createdAt) + 60_000),
        intervals: { p80: { low: centre * 0.98, high: centre * 1.021 }, p95: { low: centre * 0.968, high: centre * 1.033 } },
      });
    } finally {
      writer.close();
    }
    server = await startApiServer(fixtureConfig(dataDir), { host: '127.0.0.1', port: 0, processMetrics: false });
  });
  afterAll(() => server?.close());

  it('answers targetDate (the next NYSE session), the 80% / 95% intervals and the stored direction', async () => {
    expect(spy.targetDate).not.toBeNull();
    expect(spy.intervals).not.toBeNull();
    const res = await fetch(`${server.url}/predict/SPY`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { asOf: string; targetDate: string; forecastClose: number; intervals: NonNullable<PredictionRecord['intervals']> };
    expect(body).toMatchObject({
      symbol: 'SPY', asOf: spy.asOf, targetDate: spy.targetDate, direction: spy.direction, confidence: spy.confidence,
      forecastClose: spy.forecastClose, intervals: spy.intervals, modelVersion: fx.versions.SPY, servedByChampion: true,
    });
    expect(body.targetDate > body.asOf).toBe(true);
    const { p80, p95 } = body.intervals;
    expect(p95.low < p80.low && p80.low < body.forecastClose && body.forecastClose < p80.high && p80.high < p95.high).toBe(true);
  });

  it('answers direction "none" where the stored forecast says so', async () => {
    const res = await fetch(`${server.url}/predict/AAPL`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      symbol: 'AAPL', direction: 'none', confidence: 0.5, asOf: none.asOf, targetDate: none.targetDate, createdAt: none.createdAt,
      forecastClose: none.forecastClose, intervals: none.intervals, modelVersion: fx.versions.AAPL,
    });
  });
});

describe('startApiServer with a token and an empty data directory', () => {
  it('creates the history DB when missing, requires the token, and closes', async () => {
    const empty = tempDir('stockflow-api-empty-');
    const server = await startApiServer(fixtureConfig(empty, { STOCKFLOW_API_TOKEN: TOKEN }), { host: '127.0.0.1', port: 0, processMetrics: false });
    try {
      expect(existsSync(path.join(empty, 'history.sqlite'))).toBe(true);
      const health = await fetch(`${server.url}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ versions: 0, symbols: { withModel: 0 } });
      const denied = await fetch(`${server.url}/predict/SPY`);
      expect(denied.status).toBe(401);
      expect(((await denied.json()) as ErrorBody).error.code).toBe('unauthorized');
      const allowed = await fetch(`${server.url}/predict/SPY`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(allowed.status).toBe(404);
      expect(((await allowed.json()) as ErrorBody).error.code).toBe('no_model');
    } finally {
      await server.close();
    }
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
  });
});

describe('api/main.ts', () => {
  it('listens on api.host:port, prints the URL, and exits 0 on SIGTERM', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = http.createServer().listen(0, '127.0.0.1', () => {
        const p = (probe.address() as { port: number }).port;
        probe.close(() => resolve(p));
      });
    });
    // node --import tsx, not node_modules/.bin/tsx: the signal goes to the API itself.
    const api = startTsProcess(path.join(REPO_ROOT, 'apps', 'api', 'main.ts'), [], {
      cwd: dataDir,
      env: {
        STOCKFLOW_DATA_DIR: dataDir,
        STOCKFLOW_SYMBOLS: 'SPY,AAPL',
        STOCKFLOW_PRICE_SOURCE: `csv:${PRICES_DIR}`,
        STOCKFLOW_API_HOST: '127.0.0.1',
        STOCKFLOW_API_PORT: String(port),
        TEMPORAL_ADDRESS: inject('temporalAddress'),
      },
    });
    try {
      // The readiness line is printed after the server listens and the signal handlers are installed.
      await api.waitForOutput(`listening on http://127.0.0.1:${port}`);
      const res = await fetch(`http://127.0.0.1:${port}/predict/SPY`);
      expect(res.status).toBe(200);
      api.child.kill('SIGTERM');
      expect(await api.exited, api.output()).toEqual({ code: 0, signal: null });
      expect(api.output()).toContain('SIGTERM, closing');
      await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
    } finally {
      api.killIfRunning();
    }
  });
});
