/**
 * Every route in-process (`app.inject`) against real trained models in a temporary registry
 * and history database: shapes, validation, the one error shape, auth, metrics, caching.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type ApiDeps } from '../../../apps/api/index.js';
import { PriceCache } from '../../../domain/prices/index.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { buildFixture, TOKEN, TRAINED, UNTRAINED, type Fixture } from './fixture.js';

let fx: Fixture;
let app: FastifyInstance;
let clock: Date;
const schedules = [
  { id: 'weekly-training', paused: false, nextRunTimes: ['2030-01-06T07:00:00.000Z'], lastRun: '2029-12-30T07:00:00.000Z' },
  { id: 'monitoring', paused: false, nextRunTimes: ['2030-01-02T11:00:00.000Z'] },
  { id: 'daily-cleanup', paused: true, nextRunTimes: [] },
];

function deps(overrides: Partial<ApiDeps> = {}): ApiDeps {
  return {
    registry: fx.registry,
    history: fx.history,
    config: fx.config,
    priceCache: fx.priceCache,
    temporalUi: { baseUrl: 'http://temporal.example:8233/', namespace: 'prod ns' },
    scheduleInfo: async () => schedules,
    now: () => clock,
    ...overrides,
  };
}

beforeAll(async () => {
  fx = await buildFixture(tempDir('stockflow-api-routes-'));
  clock = fx.now;
  app = await buildApp(deps(), { processMetrics: false });
});
afterAll(async () => {
  await app?.close();
  fx?.history.close();
});

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });
const expectError = (res: { statusCode: number; json: () => unknown; headers: Record<string, unknown> }, status: number, code: string) => {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
  const body = res.json() as { error: { code: string; message: string } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(10);
  return body.error.message;
};

describe('GET /predict/:symbol', () => {
  it('serves the stored forecast of each trained symbol', async () => {
    for (const symbol of TRAINED) {
      const res = await get(`/predict/${symbol}`);
      expect(res.statusCode).toBe(200);
      const stored = fx.history.latestPrediction(symbol)!;
      const body = res.json();
      expect(body).toEqual({
        symbol,
        forecastClose: stored.forecastClose,
        lastClose: stored.lastClose,
        expectedChange: expect.closeTo(stored.forecastClose / stored.lastClose! - 1, 12),
        direction: stored.direction,
        confidence: stored.confidence,
        intervals: stored.intervals,
        modelVersion: fx.versions[symbol],
        championVersion: fx.versions[symbol],
        servedByChampion: true,
        asOf: stored.asOf,
        // The session after asOf (the data ends Monday 2025-06-30).
        targetDate: '2025-07-01',
        createdAt: stored.createdAt,
        // The clock is today, the shared data ends 2025-06-30.
        stale: true,
        freshness: expect.objectContaining({ symbol, state: 'stale', lastBar: '2025-06-30', sessionsBehind: expect.any(Number) }),
      });
      expect(stored.asOf).toBe('2025-06-30');
      expect(body.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(['up', 'down', 'none']).toContain(body.direction);
      expect(body.confidence).toBeGreaterThanOrEqual(0.5);
      expect(body.intervals.p80.low).toBeLessThan(body.forecastClose);
      expect(body.intervals.p80.high).toBeGreaterThan(body.forecastClose);
      expect(body.intervals.p95.low).toBeLessThan(body.intervals.p80.low);
      expect(body.intervals.p95.high).toBeGreaterThan(body.intervals.p80.high);
    }
  });

  it('serves the newest stored forecast, not one computed per request', async () => {
    const before = fx.history.latestPrediction('SPY')!;
    const next = new Date(Date.parse(before.asOf) + 86_400_000).toISOString().slice(0, 10);
    fx.history.addPrediction({ symbol: 'SPY', asOf: next, forecastClose: 123.45, lastClose: 120, direction: 'up', confidence: 0.61, modelVersion: fx.versions.SPY! });
    // The latest stored forecast is reused for up to 500 ms (predictionTtlMs), then re-read.
    expect((await get('/predict/SPY')).json().asOf).toBe(before.asOf);
    clock = new Date(clock.getTime() + 500);
    const body = (await get('/predict/SPY')).json();
    expect(body).toMatchObject({ asOf: next, forecastClose: 123.45, direction: 'up', confidence: 0.61 });
  });

  it('serves direction "none", the stored intervals and targetDate over HTTP', async () => {
    const before = fx.history.latestPrediction('SPY')!;
    const intervals = { p80: { low: 118, high: 122.5 }, p95: { low: 116, high: 125 } };
    fx.history.addPrediction({
      symbol: 'SPY', asOf: '2025-07-03', targetDate: '2025-07-07', forecastClose: 120.2, lastClose: 120, direction: 'none',
      confidence: 0.53, intervals, modelVersion: fx.versions.SPY!,
    });
    clock = new Date(clock.getTime() + 500);
    const res = await get('/predict/SPY');
    expect(res.statusCode).toBe(200);
    // Friday 2025-07-04 is a NYSE holiday: the stored target session is the Monday.
    expect(res.json()).toMatchObject({ symbol: 'SPY', asOf: '2025-07-03', targetDate: '2025-07-07', direction: 'none', confidence: 0.53, intervals });
    expect(before.asOf < '2025-07-03').toBe(true);
  });

  it('404 says whether the symbol is unknown, untrained, or has no forecast yet', async () => {
    expect(expectError(await get(`/predict/${UNTRAINED}`), 404, 'no_model')).toContain(`stockflow train ${UNTRAINED}`);
    expect(expectError(await get('/predict/ZZZZ'), 404, 'unknown_symbol')).toContain('configured: SPY, AAPL, MSFT');
  });

  it('404 no_forecast for a model whose forecast has not been stored yet', async () => {
    const loaded = fx.registry.loadVersion('AAPL', fx.versions.AAPL!);
    const { version: _v, registeredAt: _r, ...metadata } = loaded.metadata;
    // A symbol outside the configuration that has a model but no stored forecast.
    const saved = fx.registry.saveVersion('TSM', { files: loaded.files, metadata: { ...metadata, symbol: 'TSM' } });
    fx.registry.promote('TSM', saved.version, { promote: true, reason: 'test' });
    const fresh = await buildApp(deps(), { processMetrics: false });
    try {
      expect(expectError(await fresh.inject({ url: '/predict/TSM' }), 404, 'no_forecast')).toContain('model v1');
    } finally {
      await fresh.close();
    }
  });
});

describe('validation', () => {
  it('refuses path traversal (encoded or verbatim), over-long and malformed symbols with 400', async () => {
    for (const url of ['/predict/..%2F..%2Fetc%2Fpasswd', '/predict/..%2f', '/models/..%2Fmodels', '/predict/A%00', '/predict/A%20B', '/predict/1ABC', '/predict/-X']) {
      expectError(await get(url), 400, 'invalid_request');
    }
    expect(expectError(await get(`/predict/${'A'.repeat(500)}`), 400, 'invalid_request')).toContain('(500 characters)');
    expectError(await get(`/models/${'B'.repeat(16)}`), 400, 'invalid_request');
    // (inject resolves a verbatim "/predict/../../etc" like a browser would; http.test.ts sends it raw.)
    expectError(await get('/etc/passwd'), 404, 'route_not_found');
  });

  it('symbols are case-insensitive: /predict/spy answers as /predict/SPY', async () => {
    const upper = await get('/predict/SPY');
    for (const spelling of ['spy', 'Spy']) {
      const res = await get(`/predict/${spelling}`);
      expect(res.statusCode, spelling).toBe(200);
      expect(res.json(), spelling).toEqual(upper.json());
      expect(res.headers.etag, spelling).toBe(upper.headers.etag);
    }
    expect((await get('/models/aapl')).json().symbol).toBe('AAPL');
    expect(expectError(await get('/predict/zzzz'), 404, 'unknown_symbol')).toContain('ZZZZ is not a configured symbol');
  });

  it('accepts every character SYMBOL_PATTERN allows', async () => {
    for (const symbol of ['BRK.B', 'EURUSD=X', 'BF-B', 'ES=F', 'X^Y']) {
      expectError(await get(`/predict/${encodeURIComponent(symbol)}`), 404, 'unknown_symbol');
    }
  });

  it('forecasts on demand as of a past day (?asOf=) from the champion and the bars up to it', async () => {
    const res = await get('/predict/SPY?asOf=2025-03-31');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ symbol: 'SPY', asOf: '2025-03-31', onDemand: true, modelVersion: fx.versions.SPY, servedByChampion: true });
    const march31 = (await fx.priceCache.read('SPY', { from: '2025-03-31', to: '2025-03-31' }))[0];
    expect(body.lastClose).toBeCloseTo(march31!.close, 6);
    expect(Math.abs(body.expectedChange)).toBeLessThan(0.2);
    // One coherent answer: the target session, intervals around the forecast, direction agreeing with the change.
    expect(body.targetDate).toBe('2025-04-01');
    expect(body.intervals.p80.low).toBeLessThan(body.forecastClose);
    expect(body.forecastClose).toBeLessThan(body.intervals.p80.high);
    if (body.direction !== 'none') expect(Math.sign(body.expectedChange)).toBe(body.direction === 'up' ? 1 : -1);
    expect(body.confidence).toBeGreaterThanOrEqual(0.5);
    // A weekend as-of uses the last session before it.
    expect((await get('/predict/SPY?asOf=2025-03-30')).json().asOf).toBe('2025-03-28');
    expectError(await get('/predict/SPY?asOf=1900-01-02'), 422, 'no_data');
    expectError(await get('/predict/SPY?asOf=2025-13-01'), 400, 'invalid_request');
    expectError(await get(`/predict/${UNTRAINED}?asOf=2025-03-31`), 404, 'no_model');
  });

  it('every 200 carries its ETag and Cache-Control and answers If-None-Match with a 304: kept, freshly read and on-demand answers alike', async () => {
    // freshnessTtlMs 0: the freshness is never kept, so each answer is built, serialised and hashed anew.
    const uncached = await buildApp(deps({ freshnessTtlMs: 0 }), { processMetrics: false });
    try {
      const kept = (await get('/predict/SPY'), await get('/predict/SPY'));
      const fresh = await uncached.inject({ url: '/predict/SPY' });
      const onDemand = await get('/predict/SPY?asOf=2025-03-31');
      for (const [name, res, again] of [
        ['kept', kept, (h: Record<string, string>) => get('/predict/SPY', h)],
        ['fresh', fresh, (h: Record<string, string>) => uncached.inject({ url: '/predict/SPY', headers: h })],
        ['on demand', onDemand, (h: Record<string, string>) => get('/predict/SPY?asOf=2025-03-31', h)],
      ] as const) {
        expect(res.statusCode, name).toBe(200);
        expect(res.headers['content-type'], name).toBe('application/json; charset=utf-8');
        expect(res.headers['cache-control'], name).toBe('no-cache');
        const etag = String(res.headers.etag);
        expect(etag, name).toMatch(/^W\/"[A-Za-z0-9_-]{20,}"$/);
        const notModified = await again({ 'if-none-match': etag });
        expect(notModified.statusCode, name).toBe(304);
        expect(notModified.body, name).toBe('');
        expect(notModified.headers.etag, name).toBe(etag);
        const modified = await again({ 'if-none-match': 'W/"another"' });
        expect(modified.statusCode, name).toBe(200);
        expect(modified.body, name).toBe(res.body);
      }
      // Each tag names its own body, whichever way the body was made.
      for (const res of [kept, fresh, onDemand]) expect(res.headers.etag).toBe(`W/"${createHash('sha1').update(res.body).digest('base64url')}"`);
    } finally {
      await uncached.close();
    }
  });

  it('unknown query parameters and bad limits are 400', async () => {
    expect(expectError(await get('/predict/SPY?debug=1'), 400, 'invalid_request')).toContain('"debug"');
    expectError(await get('/models/SPY?limit=0'), 400, 'invalid_request');
    expectError(await get('/models/SPY?limit=abc'), 400, 'invalid_request');
    expectError(await get('/models?x=1'), 400, 'invalid_request');
  });

  it('unknown routes and methods get the same error shape', async () => {
    expectError(await get('/nope'), 404, 'route_not_found');
    const post = await app.inject({ method: 'POST', url: '/predict/SPY', payload: {} });
    expect(expectError(post, 405, 'method_not_allowed')).toContain('POST is not allowed');
    expect(post.headers.allow).toBe('GET, HEAD');
    expectError(await app.inject({ method: 'POST', url: '/nope', payload: {} }), 404, 'route_not_found');
    expectError(await get('/assets/secret.txt'), 400, 'invalid_request');
    expectError(await get('/assets/missing.js'), 404, 'not_found');
  });
});

describe('GET /models', () => {
  it('lists configured symbols first with champion, age, holdout metrics beside baselines and n, judged against thresholds', async () => {
    const res = await get('/models');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.generatedAt).toBe(clock.toISOString());
    expect(body.models.slice(0, 3).map((m: { symbol: string }) => m.symbol)).toEqual(['SPY', 'AAPL', 'MSFT']);
    expect(body.schedules).toEqual(schedules);
    expect(body.temporalUi).toEqual({ baseUrl: 'http://temporal.example:8233/', namespace: 'prod ns' });

    const spy = body.models[0];
    const meta = fx.registry.loadVersion('SPY', fx.versions.SPY!).metadata as unknown as { trainedAt: string; recipe: string; evaluation: { range: { n: number }; model: { mape: number; directionAccuracy: number }; baselines: { persistence: { mape: number } } } };
    expect(spy).toMatchObject({
      symbol: 'SPY',
      configured: true,
      champion: { version: fx.versions.SPY, reason: 'test fixture' },
      trainedAt: meta.trainedAt,
      recipe: meta.recipe,
      quick: true,
      versionCount: 1,
      ageSeconds: Math.round((clock.getTime() - Date.parse(meta.trainedAt)) / 1000),
      ageDays: 0,
      holdout: { n: 40, mape: meta.evaluation.model.mape, directionAccuracy: meta.evaluation.model.directionAccuracy, persistenceMape: meta.evaluation.baselines.persistence.mape },
      thresholds: { maxModelAgeDays: 7, minDirectionAccuracy: 0.45, maxMape: 0.05, minConfidence: 0.6 },
      nextRun: { training: '2030-01-06T07:00:00.000Z', monitoring: '2030-01-02T11:00:00.000Z' },
      openIncidents: { total: 2, critical: 1, warning: 1, info: 0 },
      lastRun: { kind: 'retrain', workflowId: 'retrain-SPY' },
      links: {
        workflows: "http://temporal.example:8233/namespaces/prod%20ns/workflows?query=Symbol%3D'SPY'",
        lastRunWorkflow: 'http://temporal.example:8233/namespaces/prod%20ns/workflows/retrain-SPY',
      },
    });
    expect(spy.holdout.baselineDirectionAccuracy).toBeGreaterThan(0);
    // 12 live sessions < 20: the checks use the holdout (n = 40) and say so.
    expect(spy.live).toMatchObject({ n: 12, mape: 0.02 });
    expect(spy.checks.mape).toMatchObject({ value: meta.evaluation.model.mape, threshold: 0.05, kind: 'max', basis: 'holdout', n: 40, baselineName: 'persistence' });
    expect(spy.checks.mape.status).toBe(meta.evaluation.model.mape <= 0.05 ? 'ok' : 'breach');
    expect(spy.checks.age).toMatchObject({ value: 0, threshold: 7, status: 'ok' });
    expect(['ok', 'warn', 'breach']).toContain(spy.checks.directionAccuracy.status);
    expect(spy.latestForecast).toMatchObject({ symbol: 'SPY', modelVersion: fx.versions.SPY });
  });

  it('applies per-symbol threshold overrides', async () => {
    const aapl = (await get('/models')).json().models.find((m: { symbol: string }) => m.symbol === 'AAPL');
    expect(aapl.thresholds.maxMape).toBe(0.08);
    expect(aapl.checks.mape.threshold).toBe(0.08);
    expect(aapl.openIncidents.total).toBe(0);
  });

  it('an untrained configured symbol is listed as no-model', async () => {
    const msft = (await get('/models')).json().models.find((m: { symbol: string }) => m.symbol === UNTRAINED);
    expect(msft).toMatchObject({ champion: null, status: 'no-model', holdout: null, versionCount: 0, latestForecast: null, ageSeconds: null });
  });

  it('still answers when the schedule source fails, saying why', async () => {
    const broken = await buildApp(deps({ scheduleInfo: () => Promise.reject(new Error('connection refused')) }), { processMetrics: false });
    try {
      const body = (await broken.inject({ url: '/models' })).json();
      expect(body.schedules).toBeNull();
      expect(body.schedulesError).toContain('connection refused');
      expect(body.models[0].nextRun).toEqual({ training: null, monitoring: null });
    } finally {
      await broken.close();
    }
  });
});

describe('GET /models/:symbol', () => {
  it('returns metadata, versions, evaluation history, decisions and live scores', async () => {
    const res = await get('/models/SPY');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.symbol).toBe('SPY');
    expect(body.metadata).toMatchObject({ symbol: 'SPY', version: fx.versions.SPY, recipe: expect.any(String), evaluation: { range: { n: 40 } } });
    expect(body.versions).toEqual([expect.objectContaining({ version: fx.versions.SPY, isChampion: true, n: 40 })]);
    expect(body.evaluations.map((e: { kind: string }) => e.kind)).toEqual(['backtest', 'backtest', 'holdout']);
    expect(body.liveScores).toHaveLength(1);
    expect(body.decisions).toEqual([expect.objectContaining({ promoted: true, reason: 'first model', workflowId: 'retrain-SPY' })]);
    expect(body.audit).toEqual([expect.objectContaining({ action: 'promote', to: fx.versions.SPY })]);
    expect(body.incidents.map((i: { rule: string; status: string }) => [i.rule, i.status]).sort()).toEqual([['absolute-threshold', 'open'], ['data', 'open']]);
    expect(body.checks.mape.threshold).toBe(0.05);
  });

  it('limit keeps the newest records', async () => {
    const body = (await get('/models/SPY?limit=1')).json();
    expect(body.evaluations).toHaveLength(1);
    expect(body.evaluations[0].kind).toBe('holdout');
  });

  it('404 for an untrained or unknown symbol', async () => {
    expectError(await get(`/models/${UNTRAINED}`), 404, 'no_model');
    expectError(await get('/models/QQQ'), 404, 'unknown_symbol');
    expectError(await get('/models/QQQ/forecasts'), 404, 'unknown_symbol');
  });
});

describe('GET /models/:symbol/forecasts', () => {
  it('returns the champion holdout walk-forward forecasts against actual closes, and stored forecasts', async () => {
    const res = await get('/models/SPY/forecasts');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.championVersion).toBe(fx.versions.SPY);
    const meta = fx.registry.loadVersion('SPY', fx.versions.SPY!).metadata as unknown as { evaluation: { range: { from: string; to: string; n: number }; model: { mape: number; directionAccuracy: number } } };
    expect(body.holdout).toMatchObject({ version: fx.versions.SPY, from: meta.evaluation.range.from, to: meta.evaluation.range.to, n: 40 });
    expect(body.holdout.points).toHaveLength(40);
    const p = body.holdout.points[0];
    expect(p.date).toBe(meta.evaluation.range.from);
    expect(p.actualClose).toBeGreaterThan(0);
    expect(p.forecastClose).toBeGreaterThan(0);
    // The same walk-forward the engine scored at training time: identical metrics.
    expect(body.holdout.mape).toBeCloseTo(meta.evaluation.model.mape, 10);
    expect(body.holdout.directionAccuracy).toBeCloseTo(meta.evaluation.model.directionAccuracy, 10);
    expect(body.stored.length).toBeGreaterThanOrEqual(1);
    expect(body.stored[0]).toMatchObject({ modelVersion: fx.versions.SPY, forecastClose: expect.any(Number) });
  });

  it('fills an empty price cache from the source (an API on another machine than the workers) and draws the holdout', async () => {
    const empty = new PriceCache({ dir: tempDir('stockflow-api-prices-'), source: fx.priceCache.source });
    const apart = await buildApp(deps({ priceCache: empty }), { processMetrics: false });
    try {
      expect(await empty.read('SPY')).toHaveLength(0);
      const body = (await apart.inject({ url: '/models/SPY/forecasts' })).json();
      expect(body.holdoutUnavailable).toBeUndefined();
      expect(body.holdout.points).toHaveLength(40);
      expect((await empty.read('SPY')).length).toBeGreaterThan(40);
    } finally {
      await apart.close();
    }
  });

  it('says why there is no holdout series when the API has no price cache', async () => {
    const bare = await buildApp(deps({ priceCache: undefined }), { processMetrics: false });
    try {
      const body = (await bare.inject({ url: '/models/AAPL/forecasts' })).json();
      expect(body.holdout).toBeNull();
      expect(body.holdoutUnavailable).toContain('price cache');
      expect(body.stored).toHaveLength(1);
    } finally {
      await bare.close();
    }
  });
});

describe('GET /health', () => {
  it('reports status, uptime, versions and the database', async () => {
    const res = await get('/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      // MSFT has no champion and the shared data ends 2025-06-30: degraded, but still serving (200).
      status: 'degraded',
      reasons: expect.arrayContaining(['MSFT: no champion model', expect.stringMatching(/^SPY: stale, last bar 2025-06-30, \d+ sessions behind$/)]),
      uptimeSeconds: expect.any(Number),
      startedAt: expect.any(String),
      symbols: { configured: 3, withModel: expect.any(Number) },
      versions: expect.any(Number),
      db: { ok: true, schemaVersion: expect.any(Number) },
      registry: { ok: true },
    });
    expect(res.json().versions).toBeGreaterThanOrEqual(2);
  });

  it('shows the TensorFlow.js backend this process loads models with', async () => {
    const { ensureBackend } = await import('../../../domain/engine/backend.js');
    const active = await ensureBackend(undefined, () => {});
    expect(['tensorflow', 'wasm']).toContain(active);
    expect((await get('/health')).json().tfBackend).toBe(active);
  });

  it('503 degraded when the database is gone', async () => {
    const { HistoryStore } = await import('../../../domain/history/index.js');
    const closed = HistoryStore.open({ file: fx.history.file, readonly: true });
    closed.close();
    const sick = await buildApp(deps({ history: closed }), { processMetrics: false });
    try {
      const res = await sick.inject({ url: '/health' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ status: 'degraded', db: { ok: false } });
    } finally {
      await sick.close();
    }
  });
});

describe('GET /incidents', () => {
  type Item = { id: number; symbol: string | null; rule: string; status: string; occurrences: number; advice: string; firstSeen: string; lastSeen: string };
  const list = async (query = '') => {
    const res = await get(`/incidents${query}`);
    expect(res.statusCode).toBe(200);
    return res.json() as { status: string; symbol: string | null; incidents: Item[] };
  };

  it('lists the open incidents by default, the most recently seen first, with advice and counts', async () => {
    const body = await list();
    expect(body.status).toBe('open');
    expect(body.incidents.map((i) => [i.symbol, i.rule, i.status, i.occurrences])).toEqual([
      [null, 'health', 'open', 1], ['SPY', 'data', 'open', 1], ['SPY', 'absolute-threshold', 'open', 1],
    ]);
    expect(body.incidents[1]).toMatchObject({ advice: 'check the price source', acknowledged: false, resolvedAt: null });
  });

  it('filters by status and symbol (system = system-wide) and limits', async () => {
    expect((await list('?status=resolved')).incidents.map((i) => [i.symbol, i.rule, i.status])).toEqual([['AAPL', 'api', 'resolved']]);
    expect((await list('?status=all')).incidents).toHaveLength(4);
    expect((await list('?status=all&symbol=AAPL')).incidents.map((i) => i.rule)).toEqual(['api']);
    expect((await list('?symbol=AAPL')).incidents).toEqual([]);
    expect((await list('?symbol=system')).incidents.map((i) => [i.symbol, i.rule])).toEqual([[null, 'health']]);
    expect((await list('?symbol=SPY&limit=1')).incidents.map((i) => i.rule)).toEqual(['data']);
    expect((await list('?symbol=spy&limit=1')).symbol).toBe('SPY');
  });

  it('refuses a bad status, symbol or unknown parameter with a 400', async () => {
    for (const q of ['?status=closed', '?symbol=sp y', '?symbol=../etc', '?limit=0', '?severity=critical']) {
      expect((await get(`/incidents${q}`)).statusCode, q).toBe(400);
    }
  });
});

describe('GET /metrics', () => {
  it('exposes request counters/latency by route and status, model gauges per symbol and open incidents', async () => {
    await get('/predict/SPY');
    await get('/predict/ZZZZ');
    const res = await get('/metrics');
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['content-type'])).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body;
    expect(text).toMatch(/^stockflow_api_requests_total\{route="\/predict\/:symbol",method="GET",status="200"\} \d+$/m);
    expect(text).toMatch(/^stockflow_api_requests_total\{route="\/predict\/:symbol",method="GET",status="404"\} \d+$/m);
    expect(text).toMatch(/^stockflow_api_request_duration_seconds_bucket\{le="0\.001",route="\/predict\/:symbol",method="GET",status="200"\} \d+$/m);
    expect(text).toContain('# TYPE stockflow_api_request_duration_seconds histogram');
    for (const symbol of TRAINED) {
      for (const name of ['stockflow_model_age_seconds', 'stockflow_model_holdout_mape', 'stockflow_model_holdout_direction_accuracy', 'stockflow_model_holdout_persistence_mape', 'stockflow_model_champion_version']) {
        expect(text).toMatch(new RegExp(`^${name}\\{symbol="${symbol}"\\} [0-9.e+-]+$`, 'm'));
      }
    }
    const trainedAt = Date.parse(fx.registry.loadVersion('SPY', fx.versions.SPY!).metadata.trainedAt);
    expect(text).toMatch(new RegExp(`^stockflow_model_age_seconds\\{symbol="SPY"\\} ${(clock.getTime() - trainedAt) / 1000}$`, 'm'));
    expect(text).not.toContain(`symbol="${UNTRAINED}"`);
    // Exactly the open incidents, per symbol and severity (AAPL's resolved one is not counted).
    expect(text.split('\n').filter((l) => l.startsWith('stockflow_open_incidents{')).sort()).toEqual([
      'stockflow_open_incidents{symbol="SPY",severity="critical"} 1',
      'stockflow_open_incidents{symbol="SPY",severity="warning"} 1',
      'stockflow_open_incidents{symbol="system",severity="info"} 1',
    ]);
    expect(text).toContain('# TYPE stockflow_open_incidents gauge');
  });

  it('counts each response once, under its route pattern and method (HEAD apart), and what matched no route under "(unmatched)"', async () => {
    const count = async (labels: string) => {
      const line = (await get('/metrics')).body.split('\n').find((l) => l.startsWith(`stockflow_api_requests_total{${labels}} `));
      return Number(line?.split(' ')[1] ?? 0);
    };
    const getOk = 'route="/health",method="GET",status="200"';
    const headOk = 'route="/health",method="HEAD",status="200"';
    const unmatched = 'route="(unmatched)",method="GET",status="404"';
    const notAllowed = 'route="(unmatched)",method="DELETE",status="405"';
    const before = { getOk: await count(getOk), headOk: await count(headOk), unmatched: await count(unmatched), notAllowed: await count(notAllowed) };
    await get('/health');
    await get('/health');
    await app.inject({ method: 'HEAD', url: '/health' });
    await get('/no/such/route');
    await app.inject({ method: 'DELETE', url: '/health' });
    expect(await count(getOk)).toBe(before.getOk + 2);
    expect(await count(headOk)).toBe(before.headOk + 1);
    expect(await count(unmatched)).toBe(before.unmatched + 1);
    expect(await count(notAllowed)).toBe(before.notAllowed + 1);
    // The duration histogram counts the same responses.
    const text = (await get('/metrics')).body;
    expect(text).toContain(`stockflow_api_request_duration_seconds_count{${headOk}} ${before.headOk + 1}`);
    expect(text).toContain(`stockflow_api_request_duration_seconds_bucket{le="+Inf",${unmatched}} ${before.unmatched + 1}`);
  });
});

describe('dashboard routes', () => {
  it('serves the page at / and /dashboard and its local assets', async () => {
    for (const url of ['/', '/dashboard']) {
      const res = await get(url);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.body).toContain('<script type="module" src="/assets/dashboard.js"></script>');
      expect(res.body).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    }
    // dashboard.js and the modules it imports
    for (const asset of ['dashboard.js', 'api.js', 'dom.js', 'format.js', 'live.js']) {
      expect((await get(`/assets/${asset}`)).headers['content-type']).toBe('text/javascript; charset=utf-8');
    }
    expect((await get('/assets/dashboard.css')).headers['content-type']).toBe('text/css; charset=utf-8');
  });
});

describe('bearer token', () => {
  let secured: FastifyInstance;
  beforeAll(async () => {
    secured = await buildApp(deps({ config: { ...fx.config, api: { token: TOKEN } } }), { processMetrics: false });
  });
  afterAll(() => secured?.close());
  const call = (url: string, authorization?: string) => secured.inject({ url, headers: authorization ? { authorization } : {} });

  it('401 without or with a wrong token on every data route', async () => {
    for (const url of ['/predict/SPY', '/models', '/models/SPY', '/models/SPY/forecasts', '/metrics']) {
      const res = await call(url);
      expectError(res, 401, 'unauthorized');
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      expectError(await call(url, 'Bearer wrong-token-000000'), 401, 'unauthorized');
      expectError(await call(url, `Basic ${TOKEN}`), 401, 'unauthorized');
    }
  });

  it('200 with the token', async () => {
    for (const url of ['/predict/SPY', '/models', '/models/SPY', '/metrics']) {
      const res = await call(url, `Bearer ${TOKEN}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['www-authenticate']).toBeUndefined();
    }
  });

  it('/health and the dashboard shell stay public', async () => {
    expect((await call('/health')).statusCode).toBe(200);
    expect((await call('/')).statusCode).toBe(200);
    expect((await call('/assets/dashboard.js')).statusCode).toBe(200);
  });
});

describe('model summary cache', () => {
  it('picks up a promotion once the champion pointer is re-read (TTL), not before', async () => {
    const cached = await buildApp(deps({ summaryTtlMs: 2000 }), { processMetrics: false });
    try {
      const versionOf = async () => (await cached.inject({ url: '/models' })).json().models.find((m: { symbol: string }) => m.symbol === 'AAPL').champion.version;
      const first = await versionOf();
      const loaded = fx.registry.loadVersion('AAPL', first);
      const { version: _v, registeredAt: _r, ...metadata } = loaded.metadata;
      const saved = fx.registry.saveVersion('AAPL', { files: loaded.files, metadata });
      fx.registry.promote('AAPL', saved.version, { promote: true, reason: 'cache test' });
      expect(await versionOf()).toBe(first);
      clock = new Date(clock.getTime() + 2500);
      expect(await versionOf()).toBe(saved.version);
      const predict = (await cached.inject({ url: '/predict/AAPL' })).json();
      expect(predict).toMatchObject({ modelVersion: first, championVersion: saved.version, servedByChampion: false });
    } finally {
      await cached.close();
    }
  });

  it('a kept /predict answer follows a promotion once the summaries re-read the pointer, however long the other caches keep theirs', async () => {
    const kept = await buildApp(deps({ summaryTtlMs: 2000, predictionTtlMs: 600_000, freshnessTtlMs: 600_000 }), { processMetrics: false });
    try {
      const championOf = async () => (await kept.inject({ url: '/predict/AAPL' })).json().championVersion as number;
      const first = await championOf();
      expect(await championOf()).toBe(first);
      const loaded = fx.registry.loadVersion('AAPL', first);
      const { version: _v, registeredAt: _r, ...metadata } = loaded.metadata;
      const saved = fx.registry.saveVersion('AAPL', { files: loaded.files, metadata });
      fx.registry.promote('AAPL', saved.version, { promote: true, reason: 'kept answer test' });
      clock = new Date(clock.getTime() + 1000);
      expect(await championOf()).toBe(first);
      clock = new Date(clock.getTime() + 1500);
      expect(await championOf()).toBe(saved.version);
    } finally {
      await kept.close();
    }
  });
});
