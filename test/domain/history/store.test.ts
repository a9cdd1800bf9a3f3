import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { HistoryInputError, HistorySchemaError, HistoryStore, SCHEMA_VERSION, historyFile } from '../../../domain/history/index.js';
import { HISTORY_ENGINES, stepClock } from './engines.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'stockflow-history-'));
  cleanups.push(() => fs.rmSync(d, { recursive: true, force: true }));
  return d;
}

/** Fixed clock moving one minute per read. */
function clock(start = '2025-01-06T00:00:00.000Z') {
  let t = Date.parse(start);
  return () => {
    const d = new Date(t);
    t += 60_000;
    return d;
  };
}

function open(dir = tempDir(), extra: Partial<Parameters<typeof HistoryStore.open>[0]> = {}): HistoryStore {
  const store = HistoryStore.open({ file: historyFile(dir), now: clock(), ...extra });
  cleanups.push(() => store.close());
  return store;
}

const metrics = { mape: 0.02, directionAccuracy: 0.55, n: 250, baselines: { persistenceMape: 0.021, directionAccuracy: 0.52 } };

describe('HistoryStore schema and connections', () => {
  it('creates <dataDir>/history.sqlite in WAL mode at the current schema version', () => {
    const dir = tempDir();
    const store = open(dir);
    expect(store.file).toBe(path.join(dir, 'history.sqlite'));
    expect(fs.existsSync(store.file)).toBe(true);
    expect(store.journalMode()).toBe('wal');
    expect(store.schemaVersion()).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(1);
  });

  it('reopens without re-running migrations and keeps the data', () => {
    const dir = tempDir();
    const a = open(dir);
    a.addReport({ kind: 'monitor', summary: { runs: 1 } });
    a.close();
    const b = open(dir);
    expect(b.schemaVersion()).toBe(SCHEMA_VERSION);
    expect(b.listReports()).toHaveLength(1);
  });

  it('refuses a database written by a newer schema, and a read-only open of an unmigrated one', () => {
    const dir = tempDir();
    const raw = new Database(historyFile(dir));
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => open(dir)).toThrow(HistorySchemaError);
    expect(() => open(dir)).toThrow(`schema version ${SCHEMA_VERSION + 1}, this code expects ${SCHEMA_VERSION}: it was written by a newer stockflow`);

    const dir2 = tempDir();
    new Database(historyFile(dir2)).close(); // empty file, user_version 0
    expect(() => open(dir2, { readonly: true })).toThrow(/open it once read-write/);
  });

  it('lets one connection write while another (read-only, as the API would) reads the same file', () => {
    const dir = tempDir();
    const writer = open(dir);
    const reader = open(dir, { readonly: true });
    expect(reader.latestPrediction('NVDA')).toBeNull();

    writer.addPrediction({ symbol: 'NVDA', asOf: '2025-01-03', forecastClose: 145.2, direction: 'up', confidence: 0.62, modelVersion: 4 });
    expect(reader.latestPrediction('NVDA')).toMatchObject({ forecastClose: 145.2, modelVersion: 4 });

    // A reader's open transaction does not block the writer (WAL) and keeps its snapshot.
    const raw = new Database(historyFile(dir), { readonly: true });
    cleanups.push(() => raw.close());
    raw.exec('BEGIN');
    expect(raw.prepare('SELECT count(*) AS c FROM predictions').get()).toEqual({ c: 1 });
    writer.addPrediction({ symbol: 'NVDA', asOf: '2025-01-06', forecastClose: 147, direction: 'up', confidence: 0.6, modelVersion: 4 });
    expect(raw.prepare('SELECT count(*) AS c FROM predictions').get()).toEqual({ c: 1 });
    raw.exec('COMMIT');
    expect(reader.latestPrediction('NVDA')?.asOf).toBe('2025-01-06');
    expect(() => reader.addReport({ kind: 'x' })).toThrow(/readonly/i);
  });

  it('waits for another connection\'s write lock instead of failing (busy timeout)', () => {
    const dir = tempDir();
    const a = open(dir);
    const b = open(dir, { busyTimeoutMs: 50 });
    const raw = new Database(historyFile(dir));
    cleanups.push(() => raw.close());
    raw.exec('BEGIN IMMEDIATE');
    const started = Date.now();
    expect(() => b.addReport({ kind: 'blocked' })).toThrow(/database is locked/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(40);
    raw.exec('COMMIT');
    expect(a.addReport({ kind: 'free-now' }).id).toBe(1);
  });
});

describe.each(HISTORY_ENGINES)('HistoryStore records on %s', (_name, engine) => {
  const open = () => engine.fresh({ now: stepClock() });

  it('stores evaluations and queries them per symbol over time, by kind and version', () => {
    const s = open();
    s.addEvaluation({ symbol: 'NVDA', version: 1, kind: 'holdout', from: '2024-01-02', to: '2024-12-31', n: 250, metrics }); // 00:00
    s.addEvaluation({ symbol: 'NVDA', version: 1, kind: 'live', from: '2025-01-02', to: '2025-01-31', n: 20, metrics, evaluatedAt: '2025-02-01T00:00:00Z' });
    s.addEvaluation({ symbol: 'NVDA', version: 2, kind: 'backtest', from: '2023-01-03', to: '2023-12-29', n: 250, metrics, source: 'csv:data/prices', evaluatedAt: new Date('2025-03-01T00:00:00Z') });
    s.addEvaluation({ symbol: 'SPY', version: 1, kind: 'holdout', from: '2024-01-02', to: '2024-12-31', n: 250, metrics });

    const all = s.evaluationHistory('NVDA');
    expect(all.map((e) => [e.version, e.kind, e.evaluatedAt])).toEqual([
      [1, 'holdout', '2025-01-06T00:00:00.000Z'],
      [1, 'live', '2025-02-01T00:00:00.000Z'],
      [2, 'backtest', '2025-03-01T00:00:00.000Z'],
    ]);
    expect(all[0]).toMatchObject({ symbol: 'NVDA', from: '2024-01-02', to: '2024-12-31', n: 250, metrics, source: null });
    expect(all[2]?.source).toBe('csv:data/prices');
    expect(s.evaluationHistory('NVDA', { since: '2025-01-15T00:00:00Z' }).map((e) => e.kind)).toEqual(['live', 'backtest']);
    expect(s.evaluationHistory('NVDA', { kind: 'holdout' })).toHaveLength(1);
    expect(s.evaluationHistory('NVDA', { version: 2 })).toHaveLength(1);
    expect(s.evaluationHistory('NVDA', { limit: 2 }).map((e) => e.kind)).toEqual(['live', 'backtest']);
    expect(s.latestEvaluation('NVDA')?.version).toBe(2);
    expect(s.latestEvaluation('NVDA', 'holdout')?.evaluatedAt).toBe('2025-01-06T00:00:00.000Z');
    expect(s.latestEvaluation('TSLA')).toBeNull();
  });

  it('stores live scores with n and returns them oldest first', () => {
    const s = open();
    for (let i = 0; i < 3; i++) {
      s.addLiveScore({ symbol: 'TSLA', version: 3, from: '2025-01-02', to: `2025-01-1${i}`, n: 5 + i, directionAccuracy: 0.5 + i / 100, mape: 0.04, meanConfidence: 0.61, details: { ciLow: 0.3 } });
    }
    s.addLiveScore({ symbol: 'TSLA', version: 4, from: '2025-02-03', to: '2025-02-04', n: 2, directionAccuracy: null, mape: null, meanConfidence: null });
    const h = s.liveScoreHistory('TSLA');
    expect(h.map((r) => r.n)).toEqual([5, 6, 7, 2]);
    expect(h[0]).toMatchObject({ version: 3, scoredAt: '2025-01-06T00:00:00.000Z', directionAccuracy: 0.5, mape: 0.04, meanConfidence: 0.61, details: { ciLow: 0.3 } });
    expect(h[3]).toMatchObject({ directionAccuracy: null, mape: null, details: {} });
    expect(s.liveScoreHistory('TSLA', { version: 3, limit: 1 }).map((r) => r.n)).toEqual([7]);
  });

  it('serves the latest prediction per symbol: newest data date first, then newest made', () => {
    const s = open();
    s.addPrediction({ symbol: 'AAPL', asOf: '2025-01-03', forecastClose: 240, direction: 'up', confidence: 0.6, modelVersion: 1 });
    s.addPrediction({ symbol: 'AAPL', asOf: '2025-01-06', targetDate: '2025-01-07', forecastClose: 242.5, lastClose: 241, direction: 'up', confidence: 0.64, modelVersion: 1 });
    s.addPrediction({ symbol: 'AAPL', asOf: '2025-01-06', forecastClose: 239.9, direction: 'down', confidence: 0.58, modelVersion: 2 }); // re-forecast with a new champion
    s.addPrediction({ symbol: 'AAPL', asOf: '2025-01-02', forecastClose: 230, direction: 'down', confidence: 0.7, modelVersion: 1, createdAt: '2025-06-01T00:00:00Z' }); // backfill
    s.addPrediction({ symbol: 'MSFT', asOf: '2025-01-06', forecastClose: 420, direction: 'flat', confidence: 0.51, modelVersion: 7, details: { members: 2 } });

    expect(s.latestPrediction('AAPL')).toMatchObject({ asOf: '2025-01-06', forecastClose: 239.9, direction: 'down', modelVersion: 2, targetDate: null, lastClose: null });
    expect(s.latestPrediction('GOOGL')).toBeNull();
    expect(s.latestPredictions().map((p) => [p.symbol, p.forecastClose])).toEqual([['AAPL', 239.9], ['MSFT', 420]]);
    expect(s.predictionHistory('AAPL').map((p) => p.asOf)).toEqual(['2025-01-02', '2025-01-03', '2025-01-06', '2025-01-06']);
    expect(s.predictionHistory('AAPL', { since: '2025-01-06T00:01:00Z' }).map((p) => p.forecastClose)).toEqual([230, 242.5, 239.9]);
  });

  it('stores a forecast’s 80% / 95% intervals and direction "none", and refuses intervals that do not nest around it', () => {
    const s = open();
    const intervals = { p80: { low: 98, high: 102.5 }, p95: { low: 95.5, high: 105 } };
    s.addPrediction({ symbol: 'SPY', asOf: '2025-07-03', targetDate: '2025-07-07', forecastClose: 100.2, lastClose: 100, direction: 'none', confidence: 0.54, intervals, modelVersion: 3 });
    expect(s.latestPrediction('SPY')).toMatchObject({ direction: 'none', targetDate: '2025-07-07', intervals });
    // Forecasts stored without intervals read back as null.
    s.addPrediction({ symbol: 'QQQ', asOf: '2025-07-03', forecastClose: 500, direction: 'up', confidence: 0.6, modelVersion: 1 });
    expect(s.latestPrediction('QQQ')!.intervals).toBeNull();
    const base = { symbol: 'SPY', asOf: '2025-07-07', forecastClose: 100.2, direction: 'up' as const, confidence: 0.6, modelVersion: 3 };
    expect(() => s.addPrediction({ ...base, intervals: { p80: { low: 101, high: 102 }, p95: { low: 95, high: 105 } } })).toThrow(/intervals must nest around forecastClose 100\.2/);
    expect(() => s.addPrediction({ ...base, intervals: { p80: { low: 98, high: 102 }, p95: { low: 99, high: 105 } } })).toThrow(/intervals must nest/);
    expect(() => s.addPrediction({ ...base, intervals: { p80: { low: Number.NaN, high: 102 }, p95: { low: 95, high: 105 } } })).toThrow(/intervals\.p80\.low/);
    expect(s.latestPrediction('SPY')!.asOf).toBe('2025-07-03');
  });

  it('records reports and promotion decisions', () => {
    const s = open();
    const r = s.addReport({ kind: 'monthly-comprehensive', paths: ['/data/reports/2025-01.md', '/data/reports/2025-01.json'], summary: { symbols: 13, retrained: 13 } });
    s.addReport({ kind: 'monitor', summary: { alerts: 0 } });
    expect(s.getReport(r.id)).toEqual(r);
    expect(s.listReports().map((x) => x.kind)).toEqual(['monitor', 'monthly-comprehensive']);
    expect(s.listReports({ kind: 'monitor' })[0]).toMatchObject({ paths: [], summary: { alerts: 0 } });
    expect(s.getReport(42)).toBeNull();

    s.addDecision({ symbol: 'AUR', challengerVersion: 1, championVersion: null, promoted: true, reason: 'promoted challenger v1: no champion yet' });
    s.addDecision({
      symbol: 'AUR',
      challengerVersion: 2,
      championVersion: 1,
      promoted: false,
      reason: 'kept champion v1: challenger MAPE 2.1% vs champion 1.9% (+10.5% > margin 5%)',
      details: { comparisons: [{ metric: 'mape', passed: false }] },
      workflowId: 'retrain-AUR',
    });
    const d = s.decisionHistory('AUR');
    expect(d.map((x) => [x.challengerVersion, x.championVersion, x.promoted])).toEqual([[1, null, true], [2, 1, false]]);
    expect(d[1]).toMatchObject({ workflowId: 'retrain-AUR', details: { comparisons: [{ metric: 'mape', passed: false }] } });
  });

  it('refuses malformed records with an error naming the field and value', () => {
    const s = open();
    const bad: Array<[() => unknown, RegExp]> = [
      [() => s.addEvaluation({ symbol: 'NVDA', version: 1, kind: 'daily' as never, from: '2024-01-02', to: '2024-12-31', n: 1, metrics: {} }), /evaluations\.kind = "daily" .* one of holdout, backtest, live/],
      [() => s.addEvaluation({ symbol: 'NVDA', version: 0, kind: 'live', from: '2024-01-02', to: '2024-12-31', n: 1, metrics: {} }), /evaluations\.version = 0/],
      [() => s.addLiveScore({ symbol: 'NVDA', version: 1, from: '2024/01/02', to: '2024-12-31', n: 1, directionAccuracy: 0.5, mape: 0.1, meanConfidence: 0.5 }), /live_scores\.from = "2024\/01\/02".*YYYY-MM-DD/],
      [() => s.addLiveScore({ symbol: 'NVDA', version: 1, from: '2024-01-02', to: '2024-12-31', n: 1, directionAccuracy: 55, mape: 0.1, meanConfidence: 0.5 }), /directionAccuracy = 55 .* \[0, 1\]/],
      [() => s.addPrediction({ symbol: 'nvda', asOf: '2025-01-06', forecastClose: 1, direction: 'up', confidence: 0.5, modelVersion: 1 }), /predictions\.symbol = "nvda"/],
      [() => s.addPrediction({ symbol: 'NVDA', asOf: '2025-01-06', forecastClose: Number.NaN, direction: 'up', confidence: 0.5, modelVersion: 1 }), /forecastClose = null/],
      [() => s.addReport({ kind: 'monitor', at: 'yesterday' }), /reports\.at = "yesterday"/],
      [() => s.addDecision({ symbol: 'AUR', challengerVersion: 1, championVersion: null, promoted: 'yes' as never, reason: 'r' }), /decisions\.promoted/],
    ];
    for (const [fn, message] of bad) {
      expect(fn).toThrow(HistoryInputError);
      expect(fn).toThrow(message);
    }
    expect(s.listReports()).toEqual([]);
  });

  it('writes several records atomically in one transaction', () => {
    const s = open();
    expect(() =>
      s.transaction(() => {
        s.addReport({ kind: 'first' });
        s.addDecision({ symbol: 'AUR', challengerVersion: 1, championVersion: null, promoted: 'no' as never, reason: 'second' });
      }),
    ).toThrow(HistoryInputError);
    expect(s.listReports()).toEqual([]);
  });
});
