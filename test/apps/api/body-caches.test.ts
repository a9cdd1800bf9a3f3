/**
 * The kept serialised answers of `GET /predict/:symbol` and `GET /models` (json-body.ts,
 * models-body-cache.ts): a repeated request gets the same body and ETag (and a 304 for it), and
 * each input change — a new stored forecast, a new champion, a new history write, time passing —
 * changes the answer and its ETag. The clock is fixed, so nothing expires unless a test moves it.
 */
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../apps/api/index.js';
import { HistoryStore } from '../../../domain/history/index.js';
import { ModelRegistry } from '../../../domain/registry/index.js';
import { exampleModelMetadata } from '../../helpers/model-metadata.js';
import { tempDir } from '../../helpers/temp-dir.js';

const SYMBOLS = ['SPY', 'AAPL'];
const at = new Date('2026-11-20T12:00:00.000Z');
let clock = new Date('2026-11-21T15:00:00.000Z');
let registry: ModelRegistry;
let history: HistoryStore;
let app: FastifyInstance;

function saveChampion(symbol: string, trainedAt: string): number {
  const { version } = registry.saveVersion(symbol, { files: { 'gru/weights.bin': new Uint8Array([1, 2, 3]) }, metadata: exampleModelMetadata(symbol, 'test', trainedAt) });
  registry.promote(symbol, version, { promote: true, reason: 'test' });
  // The summaries re-read the champion pointer once the clock moved (summaryTtlMs 0); 1 ms keeps the kept /models answer young.
  clock = new Date(clock.getTime() + 1);
  return version;
}

function addForecast(symbol: string, forecastClose: number, modelVersion: number): void {
  history.addPrediction({ symbol, asOf: '2026-11-19', targetDate: '2026-11-20', forecastClose, lastClose: 100, direction: 'up', confidence: 0.55, modelVersion, createdAt: at });
}

beforeAll(async () => {
  const dir = tempDir('stockflow-api-body-caches-');
  registry = new ModelRegistry({ root: path.join(dir, 'models') });
  history = HistoryStore.open({ file: path.join(dir, 'history.sqlite') });
  for (const symbol of SYMBOLS) addForecast(symbol, 101, saveChampion(symbol, '2026-11-18T00:00:00.000Z'));
  const config = { symbols: SYMBOLS, thresholds: { maxModelAgeDays: 30, minDirectionAccuracy: null, maxMape: null, minConfidence: null, overrides: {} } };
  app = await buildApp({
    registry, history, config, now: () => clock, summaryTtlMs: 0, predictionTtlMs: 0,
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
  }, { processMetrics: false });
});
afterAll(async () => {
  await app?.close();
  history?.close();
});

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

async function answer(url: string) {
  const res = await get(url);
  expect(res.statusCode, url).toBe(200);
  expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
  const etag = String(res.headers.etag);
  expect(etag).toMatch(/^W\/"/);
  return { body: res.body, etag, json: res.json() as Record<string, unknown> };
}

describe('GET /predict/:symbol kept answer', () => {
  it('repeats the same body and ETag, and a 304 for it', async () => {
    await answer('/predict/SPY'); // first: freshness computed
    const first = await answer('/predict/SPY');
    const again = await answer('/predict/SPY');
    expect(again.body).toBe(first.body);
    expect(again.etag).toBe(first.etag);
    expect((await get('/predict/SPY', { 'if-none-match': first.etag })).statusCode).toBe(304);
    // Another symbol has its own answer.
    expect((await answer('/predict/AAPL')).json.symbol).toBe('AAPL');
  });

  it('changes with a new stored forecast', async () => {
    const before = await answer('/predict/SPY');
    addForecast('SPY', 107.5, before.json.championVersion as number);
    const after = await answer('/predict/SPY');
    expect(after.json.forecastClose).toBe(107.5);
    expect(after.etag).not.toBe(before.etag);
    expect((await get('/predict/SPY', { 'if-none-match': before.etag })).statusCode).toBe(200);
  });

  it('changes with a new champion', async () => {
    const before = await answer('/predict/AAPL');
    expect(before.json.servedByChampion).toBe(true);
    const version = saveChampion('AAPL', '2026-11-19T00:00:00.000Z');
    const after = await answer('/predict/AAPL');
    expect(after.json.championVersion).toBe(version);
    expect(after.json.servedByChampion).toBe(false);
    expect(after.etag).not.toBe(before.etag);
  });
});

describe('GET /models kept answer', () => {
  const row = (json: Record<string, unknown>, symbol: string) => (json.models as Array<Record<string, unknown>>).find((m) => m.symbol === symbol)!;

  it('repeats the same body and ETag while nothing changed, and a 304 for it', async () => {
    const first = await answer('/models');
    const again = await answer('/models');
    expect(again.body).toBe(first.body);
    expect(again.etag).toBe(first.etag);
    expect((await get('/models', { 'if-none-match': first.etag })).statusCode).toBe(304);
  });

  it('changes with a new history write', async () => {
    const before = await answer('/models');
    expect((row(before.json, 'SPY').openIncidents as { total: number }).total).toBe(0);
    history.reconcileIncidents(at, [{ symbol: 'SPY', rule: 'data', severity: 'warning', message: 'stale', advice: 'refresh' }], { symbols: SYMBOLS, system: true });
    const after = await answer('/models');
    expect((row(after.json, 'SPY').openIncidents as { total: number }).total).toBe(1);
    expect(after.etag).not.toBe(before.etag);
  });

  it('changes with a new champion', async () => {
    const before = await answer('/models');
    const version = saveChampion('SPY', '2026-11-20T00:00:00.000Z');
    const after = await answer('/models');
    expect((row(after.json, 'SPY').champion as { version: number }).version).toBe(version);
    expect(after.etag).not.toBe(before.etag);
  });

  it('is rebuilt once it is older than 5 s (ages and generatedAt move on)', async () => {
    const before = await answer('/models');
    clock = new Date(clock.getTime() + 4000);
    expect((await answer('/models')).body).toBe(before.body);
    clock = new Date(clock.getTime() + 1500);
    const after = await answer('/models');
    expect(after.json.generatedAt).toBe(clock.toISOString());
    expect(after.etag).not.toBe(before.etag);
  });
});
