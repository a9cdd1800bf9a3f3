/**
 * Freshness over real HTTP (startApiServer on a free port, real trained models, the shared price
 * files ending 2025-06-30, an injected clock): /health degraded naming stale, failing and
 * untrained symbols; /predict with `targetDate` and `stale`; the sessions-behind gauge; and the
 * same server "ok" when every configured symbol is trained and fresh.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApiServer, type ApiServer } from '../../../apps/api/index.js';
import { loadConfig } from '../../../config/index.js';
import { HistoryStore } from '../../../domain/history/index.js';
import { PRICES_DIR } from '../../helpers/paths.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { buildFixture, type Fixture } from './fixture.js';

let fx: Fixture;
let dataDir: string;
/** The API's clock; each test sets it. */
let clock = new Date('2025-07-16T22:00:00Z');

function configFor(symbols: string) {
  return loadConfig({
    cwd: dataDir,
    env: { STOCKFLOW_DATA_DIR: dataDir, STOCKFLOW_SYMBOLS: symbols, STOCKFLOW_PRICE_SOURCE: `csv:${PRICES_DIR}`, TEMPORAL_ADDRESS: inject('temporalAddress') },
  });
}

async function serve(symbols: string): Promise<ApiServer> {
  return startApiServer(configFor(symbols), {
    host: '127.0.0.1', port: 0, processMetrics: false, now: () => clock, freshnessTtlMs: 0, scheduleInfo: async () => [],
  });
}

async function getJson(server: ApiServer, path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${server.url}${path}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  dataDir = tempDir('stockflow-api-freshness-');
  fx = await buildFixture(dataDir); // SPY and AAPL trained, cached to 2025-06-30; MSFT configured, untrained
  fx.history.close();
});

describe('data freshness over HTTP', () => {
  let server: ApiServer;
  beforeAll(async () => {
    server = await serve('SPY,AAPL,MSFT');
  });
  afterAll(() => server?.close());

  it('weeks after the last cached bar: /health is degraded (still 200) and names every stale or untrained symbol', async () => {
    clock = new Date('2025-07-16T22:00:00Z'); // Wednesday after the close: 11 sessions after 2025-06-30
    const { status, body } = await getJson(server, '/health');
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'degraded', db: { ok: true }, registry: { ok: true } });
    expect(body.reasons).toEqual([
      'SPY: stale, last bar 2025-06-30, 11 sessions behind',
      'AAPL: stale, last bar 2025-06-30, 11 sessions behind',
      'MSFT: stale, no cached prices',
      'MSFT: no champion model',
    ]);
    expect(body.freshness).toEqual({ lastCompletedSession: '2025-07-16', fresh: [], stale: ['SPY', 'AAPL', 'MSFT'], failing: [] });
  });

  it('/predict says the forecast is stale and which session it is for', async () => {
    clock = new Date('2025-07-16T22:00:00Z');
    const { status, body } = await getJson(server, '/predict/SPY');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      asOf: '2025-06-30', targetDate: '2025-07-01', stale: true,
      freshness: { symbol: 'SPY', state: 'stale', lastBar: '2025-06-30', lastCompletedSession: '2025-07-16', sessionsBehind: 11 },
    });
    // On demand for an earlier day: the target is the session after that day (a weekend and a holiday in between).
    const onDemand = await getJson(server, '/predict/SPY?asOf=2025-04-17');
    expect(onDemand.body).toMatchObject({ asOf: '2025-04-17', targetDate: '2025-04-21', onDemand: true, stale: true });
  });

  it('/metrics has the sessions behind per configured symbol with data', async () => {
    clock = new Date('2025-07-16T22:00:00Z');
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toMatch(/^stockflow_sessions_behind\{symbol="SPY"\} 11$/m);
    expect(text).toMatch(/^stockflow_sessions_behind\{symbol="AAPL"\} 11$/m);
    expect(text).not.toMatch(/stockflow_sessions_behind\{symbol="MSFT"\}/);
  });

  it('/models gives each row its freshness for the dashboard', async () => {
    clock = new Date('2025-07-16T22:00:00Z');
    const { body } = await getJson(server, '/models');
    const rows = body.models as Array<{ symbol: string; stale: boolean; freshness: { state: string; sessionsBehind: number | null } }>;
    expect(rows.map((m) => [m.symbol, m.freshness.state, m.freshness.sessionsBehind, m.stale])).toEqual([
      ['SPY', 'stale', 11, true], ['AAPL', 'stale', 11, true], ['MSFT', 'stale', null, true],
    ]);
  });

  it('the day after the last bar, before the close: fresh, not stale', async () => {
    clock = new Date('2025-07-01T15:00:00Z'); // 11:00 EDT: the last completed session is 2025-06-30
    const { body } = await getJson(server, '/predict/SPY');
    expect(body).toMatchObject({ targetDate: '2025-07-01', stale: false, freshness: { state: 'fresh', sessionsBehind: 0 } });
    const health = await getJson(server, '/health');
    expect(health.body).toMatchObject({ status: 'degraded', reasons: ['MSFT: stale, no cached prices', 'MSFT: no champion model'] });
  });

  it('a failing refresh recorded by the worker makes the symbol "failing", with the error', async () => {
    clock = new Date('2025-07-01T15:00:00Z');
    const worker = HistoryStore.open({ file: fx.history.file });
    try {
      worker.recordRefresh({ symbol: 'AAPL', at: '2025-07-01T10:00:00Z', ok: false, error: 'Yahoo answered HTTP 429 (rate limited) after 5 attempts' });
    } finally {
      worker.close();
    }
    const health = await getJson(server, '/health');
    expect(health.status).toBe(200);
    expect(health.body.reasons).toContain('AAPL: last refresh failed: Yahoo answered HTTP 429 (rate limited) after 5 attempts');
    expect(health.body.freshness).toMatchObject({ fresh: ['SPY'], failing: ['AAPL'] });
    const predict = await getJson(server, '/predict/AAPL');
    // The data itself is not behind, so the forecast is not stale; the state says the source is failing.
    expect(predict.body).toMatchObject({ stale: false, freshness: { state: 'failing', error: 'Yahoo answered HTTP 429 (rate limited) after 5 attempts', sessionsBehind: 0 } });
  });
});

describe('every configured symbol trained and fresh', () => {
  it('/health is ok with no reasons', async () => {
    const server = await serve('SPY');
    try {
      clock = new Date('2025-07-01T15:00:00Z');
      const { status, body } = await getJson(server, '/health');
      expect(status).toBe(200);
      expect(body).toMatchObject({ status: 'ok', reasons: [], freshness: { fresh: ['SPY'], stale: [], failing: [] } });
      clock = new Date('2025-07-03T18:00:00Z'); // after the early close of July 3: 3 sessions behind
      expect((await getJson(server, '/health')).body).toMatchObject({ status: 'degraded', reasons: ['SPY: stale, last bar 2025-06-30, 3 sessions behind'] });
    } finally {
      await server.close();
    }
  });
});
