// Migration 5 rebuilds `predictions` (direction 'none', interval columns): a version-4 database that
// already holds predictions keeps every row and column, and then accepts the new kinds of row.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { HistoryStore, SCHEMA_VERSION, historyFile } from '../../../domain/history/index.js';
import { MIGRATIONS } from '../../../domain/history/migrations.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'stockflow-migration5-'));
  cleanups.push(() => fs.rmSync(d, { recursive: true, force: true }));
  return d;
}

/** Rows as a version-4 writer stored them (direction up/down/flat, no interval columns). */
const V4_ROWS = [
  { id: 1, symbol: 'AAPL', as_of: '2025-01-02', target_date: '2025-01-03', forecast_close: 243.5, last_close: 243.85, direction: 'down', confidence: 0.55, model_version: 1, created_at: '2025-01-02T22:00:00.000Z', details: '{"trainedAt":"2025-01-01"}' },
  { id: 2, symbol: 'AAPL', as_of: '2025-01-03', target_date: null, forecast_close: 244.1, last_close: null, direction: 'up', confidence: 0.61, model_version: 2, created_at: '2025-01-03T22:00:00.000Z', details: '{}' },
  { id: 7, symbol: 'NVDA', as_of: '2025-01-03', target_date: '2025-01-06', forecast_close: 144.47, last_close: 144.47, direction: 'flat', confidence: 0.5, model_version: 3, created_at: '2025-01-03T22:01:00.000Z', details: '{"note":"flat"}' },
];

function writeVersion4(file: string): void {
  const db = new Database(file);
  for (const sql of MIGRATIONS.slice(0, 4)) db.exec(sql);
  db.pragma('user_version = 4');
  const insert = db.prepare(
    `INSERT INTO predictions (id, symbol, as_of, target_date, forecast_close, last_close, direction, confidence, model_version, created_at, details)
     VALUES (@id, @symbol, @as_of, @target_date, @forecast_close, @last_close, @direction, @confidence, @model_version, @created_at, @details)`,
  );
  for (const row of V4_ROWS) insert.run(row);
  // The v4 schema refuses 'none': the rebuild is what allows it.
  expect(() => insert.run({ ...V4_ROWS[0], id: 99, direction: 'none' })).toThrow(/CHECK constraint failed/);
  db.close();
}

describe('history migration 5 (predictions rebuilt)', () => {
  it('is the fifth migration', () => {
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(5);
    expect(MIGRATIONS[4]).toMatch(/p80_low/);
  });

  it('migrates a version-4 database holding predictions and keeps every row', () => {
    const dir = tempDir();
    writeVersion4(historyFile(dir));

    const store = HistoryStore.open({ file: historyFile(dir) });
    cleanups.push(() => store.close());
    expect(store.schemaVersion()).toBe(SCHEMA_VERSION);

    const raw = new Database(historyFile(dir), { readonly: true });
    cleanups.push(() => raw.close());
    const rows = raw.prepare('SELECT * FROM predictions ORDER BY id').all();
    expect(rows).toEqual(V4_ROWS.map((r) => ({ ...r, p80_low: null, p80_high: null, p95_low: null, p95_high: null })));
    // The index the latest-prediction lookup uses survived the rebuild.
    const indexes = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'predictions'").all();
    expect(indexes).toContainEqual({ name: 'predictions_symbol_latest' });

    // Read back through the store: old rows have no intervals; the latest per symbol is unchanged.
    expect(store.latestPrediction('AAPL')).toMatchObject({ id: 2, direction: 'up', forecastClose: 244.1, modelVersion: 2, intervals: null, targetDate: null });
    expect(store.latestPrediction('NVDA')).toMatchObject({ id: 7, direction: 'flat', details: { note: 'flat' } });
    expect(store.predictionHistory('AAPL').map((p) => p.id)).toEqual([1, 2]);

    // New rows: 'none' and intervals are accepted, ids continue after the old ones.
    const added = store.addPrediction({
      symbol: 'AAPL', asOf: '2025-01-06', targetDate: '2025-01-07', forecastClose: 245, direction: 'none', confidence: 0.5, modelVersion: 2,
      intervals: { p80: { low: 240, high: 250 }, p95: { low: 236, high: 254 } },
    });
    expect(added.id).toBeGreaterThan(7);
    expect(store.latestPrediction('AAPL')).toMatchObject({ direction: 'none', intervals: { p80: { low: 240, high: 250 }, p95: { low: 236, high: 254 } } });
  });
});
