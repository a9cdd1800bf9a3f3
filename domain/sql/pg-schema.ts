/**
 * Versioned schemas on PostgreSQL: each store (component) lists its migrations, applied in order
 * and recorded in `stockflow_schema (component, version)`. Each step runs in one transaction
 * holding a transaction-level advisory lock on the component, and re-reads the version inside
 * it, so two workers starting together migrate once (the second waits, then finds nothing to do).
 */
import type { SqlDatabase } from './sql-database.js';

const VERSION_TABLE = 'stockflow_schema';

/** The component's recorded version; 0 when nothing was ever applied. */
export function postgresSchemaVersion(db: SqlDatabase, component: string): number {
  const exists = db.get(`SELECT to_regclass('${VERSION_TABLE}') IS NOT NULL AS present`);
  if (!exists?.present) return 0;
  const row = db.get(`SELECT version FROM ${VERSION_TABLE} WHERE component = ?`, [component]);
  return row ? Number(row.version) : 0;
}

/** Applies the component's pending migrations; returns the versions this call applied. */
export function migratePostgres(db: SqlDatabase, component: string, migrations: readonly string[]): number[] {
  if (db.dialect !== 'postgres') throw new Error(`migratePostgres(${component}) needs a PostgreSQL database, got ${db.dialect}`);
  const applied: number[] = [];
  for (;;) {
    const version = db.transaction((): number | null => {
      db.get('SELECT pg_advisory_xact_lock(hashtext(?)) AS locked', [`stockflow:schema:${component}`]);
      db.exec(`CREATE TABLE IF NOT EXISTS ${VERSION_TABLE} (component TEXT PRIMARY KEY, version INTEGER NOT NULL)`);
      const current = postgresSchemaVersion(db, component);
      const migration = migrations[current];
      if (migration === undefined) return null;
      db.exec(migration);
      db.run(
        `INSERT INTO ${VERSION_TABLE} (component, version) VALUES (@component, @version)
         ON CONFLICT (component) DO UPDATE SET version = excluded.version`,
        { component, version: current + 1 },
      );
      return current + 1;
    });
    if (version === null) return applied;
    applied.push(version);
  }
}
