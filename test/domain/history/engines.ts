/**
 * The two history engines for the shared contract suite (`describe.each(HISTORY_ENGINES)`): the
 * embedded SQLite file and the shared PostgreSQL store (a fresh database on the run's private
 * PostgreSQL per store). `fresh()` opens an empty history, `reopen(store)` a second connection
 * to the same one (another process, as the API would), `raw(store)` a plain SqlDatabase on it
 * for tests that reach under the store. Everything is closed and removed after each test.
 */
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { HistoryStore, historyFile } from '../../../domain/history/index.js';
import { PostgresDatabase } from '../../../domain/sql/postgres-database.js';
import type { SqlDatabase } from '../../../domain/sql/sql-database.js';
import { SqliteDatabase } from '../../../domain/sql/sqlite-database.js';
import { adminQuery, postgresAdminUrl } from '../../helpers/postgres.js';

export interface OpenOptions {
  now?: () => Date;
  readonly?: boolean;
}

export interface HistoryEngine {
  name: 'sqlite' | 'postgres';
  fresh(options?: OpenOptions): HistoryStore;
  reopen(store: HistoryStore, options?: OpenOptions): HistoryStore;
  raw(store: HistoryStore): SqlDatabase;
}

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

function closing<T extends { close(): void }>(x: T): T {
  cleanups.push(() => x.close());
  return x;
}

const sqliteFiles = new Map<HistoryStore, string>();
const sqlite: HistoryEngine = {
  name: 'sqlite',
  fresh(options = {}) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stockflow-history-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const store = closing(HistoryStore.open({ file: historyFile(dir), ...options }));
    sqliteFiles.set(store, store.file);
    return store;
  },
  reopen(store, options = {}) {
    const other = closing(HistoryStore.open({ file: store.file, ...options }));
    sqliteFiles.set(other, store.file);
    return other;
  },
  raw: (store) => closing(new SqliteDatabase(new Database(store.file), store.file)),
};

const pgUrls = new Map<HistoryStore, string>();
const postgres: HistoryEngine = {
  name: 'postgres',
  fresh(options = {}) {
    const name = `t_history_${randomBytes(5).toString('hex')}`;
    adminQuery(`CREATE DATABASE ${name}`);
    const url = new URL(postgresAdminUrl());
    url.pathname = `/${name}`;
    cleanups.push(() => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    const store = closing(HistoryStore.openPostgres({ url: url.toString(), ...options }));
    pgUrls.set(store, url.toString());
    return store;
  },
  reopen(store, options = {}) {
    const url = pgUrls.get(store)!;
    const other = closing(HistoryStore.openPostgres({ url, ...options }));
    pgUrls.set(other, url);
    return other;
  },
  raw: (store) => closing(PostgresDatabase.connect({ url: pgUrls.get(store)! })),
};

export const HISTORY_ENGINES: [string, HistoryEngine][] = [['sqlite', sqlite], ['postgres', postgres]];

/** Fixed clock moving one minute per read. */
export function stepClock(start = '2025-01-06T00:00:00.000Z'): () => Date {
  let t = Date.parse(start);
  return () => {
    const d = new Date(t);
    t += 60_000;
    return d;
  };
}
