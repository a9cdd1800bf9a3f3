// What the PostgreSQL history adds to the shared contract (store.test.ts and friends run on both
// engines): its schema version table, read-only connections, two processes migrating a fresh
// database at once, and a store that outlives a lost connection.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HistorySchemaError, HistoryStore, PG_SCHEMA_VERSION } from '../../../domain/history/index.js';
import { SqlQueryError, SqlUnavailableError } from '../../../domain/sql/errors.js';
import { PostgresDatabase } from '../../../domain/sql/postgres-database.js';
import { testPostgresUrl } from '../../helpers/postgres.js';
import { startTsProcess } from '../../helpers/processes.js';
import { REPO_ROOT } from '../../helpers/paths.js';
import { HISTORY_ENGINES } from './engines.js';

const postgres = HISTORY_ENGINES.find(([name]) => name === 'postgres')![1];

function terminateBackends(of: HistoryStore): number {
  const raw = postgres.raw(of);
  const [row] = raw.all(
    'SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
  );
  return Number(row?.n);
}

describe('HistoryStore on PostgreSQL', () => {
  it('migrates a fresh database to the current version once, and keeps data across connections', () => {
    const a = postgres.fresh();
    expect(a.engine).toBe('postgres');
    expect(a.journalMode()).toBeNull();
    expect(a.schemaVersion()).toBe(PG_SCHEMA_VERSION);
    a.addReport({ kind: 'monitor', summary: { runs: 1 } });
    const b = postgres.reopen(a);
    expect(b.schemaVersion()).toBe(PG_SCHEMA_VERSION);
    expect(b.listReports().map((r) => r.summary)).toEqual([{ runs: 1 }]);
    const raw = postgres.raw(a);
    expect(raw.all('SELECT component, version FROM stockflow_schema')).toEqual([{ component: 'history', version: PG_SCHEMA_VERSION }]);
  });

  it('hides the password in where it says it is', () => {
    const store = postgres.fresh();
    expect(store.file).toMatch(/^postgres:\/\/temporal:\*\*\*@127\.0\.0\.1:\d+\/t_history_/);
  });

  it('opens read-only only a migrated schema, and refuses writes on it', () => {
    const url = testPostgresUrl('readonly');
    expect(() => HistoryStore.openPostgres({ url, readonly: true })).toThrow(HistorySchemaError);
    expect(() => HistoryStore.openPostgres({ url, readonly: true })).toThrow(/schema version 0, this code expects \d+: open it once read-write/);
    const writer = HistoryStore.openPostgres({ url });
    const reader = HistoryStore.openPostgres({ url, readonly: true });
    try {
      writer.addPrediction({ symbol: 'NVDA', asOf: '2025-01-03', forecastClose: 145.2, direction: 'up', confidence: 0.62, modelVersion: 4 });
      expect(reader.latestPrediction('NVDA')).toMatchObject({ forecastClose: 145.2, modelVersion: 4 });
      let caught: unknown;
      try {
        reader.addReport({ kind: 'x' });
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(SqlQueryError);
      expect((caught as SqlQueryError).code).toBe('25006'); // read_only_sql_transaction
    } finally {
      reader.close();
      writer.close();
    }
  });

  it('refuses a schema written by a newer stockflow', () => {
    const store = postgres.fresh();
    postgres.raw(store).run('UPDATE stockflow_schema SET version = version + 1 WHERE component = ?', ['history']);
    expect(() => postgres.reopen(store)).toThrow(`schema version ${PG_SCHEMA_VERSION + 1}, this code expects ${PG_SCHEMA_VERSION}: it was written by a newer stockflow`);
  });

  it('lets two processes opening a fresh database at once migrate it exactly once (advisory lock)', async () => {
    const url = testPostgresUrl('race');
    const entry = path.join(REPO_ROOT, 'test/domain/history/fixtures/open-postgres-history.ts');
    const children = [0, 1].map(() => startTsProcess(entry, [url], { cwd: REPO_ROOT, env: {} }));
    try {
      const exits = await Promise.all(children.map((c) => c.exited));
      for (const [i, exit] of exits.entries()) expect({ exit, output: children[i]!.output() }).toMatchObject({ exit: { code: 0 } });
      for (const c of children) expect(c.output()).toContain(`opened ${PG_SCHEMA_VERSION}`);
    } finally {
      for (const c of children) c.killIfRunning();
    }
    const db = PostgresDatabase.connect({ url });
    try {
      expect(db.all('SELECT component, version FROM stockflow_schema')).toEqual([{ component: 'history', version: PG_SCHEMA_VERSION }]);
      expect(db.all("SELECT count(*) AS n FROM reports WHERE kind LIKE 'process-%'")).toEqual([{ n: 2 }]);
    } finally {
      db.close();
    }
  });

  it('carries on after its connection is dropped (a PostgreSQL restart), and a transaction cut off writes nothing', () => {
    const store = postgres.fresh();
    store.addReport({ kind: 'before' });
    expect(terminateBackends(store)).toBeGreaterThanOrEqual(1);
    expect(store.addReport({ kind: 'after' }).kind).toBe('after');

    let caught: unknown;
    try {
      store.transaction(() => {
        store.addReport({ kind: 'inside' });
        terminateBackends(store);
        store.addReport({ kind: 'cut-off' });
      });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SqlUnavailableError);
    expect((caught as SqlUnavailableError).kind).toBe('unavailable');
    expect(store.listReports().map((r) => r.kind)).toEqual(['after', 'before']);
  });

  it('fails to open when the server is not there, as unavailable', () => {
    const url = new URL(testPostgresUrl('down'));
    url.port = '1';
    expect(() => HistoryStore.openPostgres({ url: url.toString() })).toThrow(SqlUnavailableError);
  });
});

