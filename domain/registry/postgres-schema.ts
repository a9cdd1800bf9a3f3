/**
 * The registry's tables in PostgreSQL (PostgresRegistryStorage), created when missing. Files are
 * `bytea` rows holding the exact bytes the checksums cover (model.json, weights, metadata.json:
 * a few KB each); `metadata` is also kept as jsonb for queries (idempotency key lookups);
 * `checksums` is checksums.json's exact bytes. Deleting a version or backup deletes its files
 * (ON DELETE CASCADE). `last_version` only grows: numbers are never reused.
 */
import type { SqlDatabase } from '../sql/sql-database.js';

/** Bumped when the tables change; recorded in registry_schema. */
export const REGISTRY_SCHEMA_VERSION = 1;

const DDL = `
CREATE TABLE IF NOT EXISTS registry_schema (
  version integer NOT NULL
);
CREATE TABLE IF NOT EXISTS registry_symbols (
  symbol text PRIMARY KEY,
  last_version integer NOT NULL DEFAULT 0 CHECK (last_version >= 0)
);
CREATE TABLE IF NOT EXISTS registry_versions (
  symbol text NOT NULL REFERENCES registry_symbols (symbol),
  version integer NOT NULL CHECK (version > 0),
  metadata jsonb,
  checksums bytea NOT NULL,
  registered_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (symbol, version)
);
CREATE INDEX IF NOT EXISTS registry_versions_idempotency_key ON registry_versions (symbol, (metadata->>'idempotencyKey'));
CREATE TABLE IF NOT EXISTS registry_version_files (
  symbol text NOT NULL,
  version integer NOT NULL,
  path text NOT NULL,
  bytes bytea NOT NULL,
  PRIMARY KEY (symbol, version, path),
  FOREIGN KEY (symbol, version) REFERENCES registry_versions (symbol, version) ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS registry_champions (
  symbol text PRIMARY KEY REFERENCES registry_symbols (symbol),
  pointer jsonb NOT NULL
);
CREATE TABLE IF NOT EXISTS registry_audit (
  id bigserial PRIMARY KEY,
  symbol text NOT NULL,
  entry jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS registry_audit_symbol ON registry_audit (symbol, id);
CREATE TABLE IF NOT EXISTS registry_backups (
  symbol text NOT NULL,
  id text NOT NULL,
  record jsonb NOT NULL,
  checksums bytea NOT NULL,
  PRIMARY KEY (symbol, id)
);
CREATE TABLE IF NOT EXISTS registry_backup_files (
  symbol text NOT NULL,
  backup_id text NOT NULL,
  path text NOT NULL,
  bytes bytea NOT NULL,
  PRIMARY KEY (symbol, backup_id, path),
  FOREIGN KEY (symbol, backup_id) REFERENCES registry_backups (symbol, id) ON DELETE CASCADE
);
`;

/**
 * Creates the tables when missing, once across concurrent starters (an advisory lock: two
 * processes running CREATE TABLE IF NOT EXISTS at once can collide in the catalog).
 */
export function ensureRegistrySchema(db: SqlDatabase): void {
  db.transaction(() => {
    db.get(`SELECT pg_advisory_xact_lock(hashtextextended('stockflow.registry.schema', 0))`);
    db.exec(DDL);
    const row = db.get('SELECT max(version) AS version FROM registry_schema');
    const found = row?.version == null ? null : Number(row.version);
    if (found === null) db.run('INSERT INTO registry_schema (version) VALUES (@version)', { version: REGISTRY_SCHEMA_VERSION });
    else if (found > REGISTRY_SCHEMA_VERSION) {
      throw new Error(`the model registry in ${db.location} has schema version ${found}, newer than this stockflow's ${REGISTRY_SCHEMA_VERSION}: upgrade stockflow`);
    }
  });
}
