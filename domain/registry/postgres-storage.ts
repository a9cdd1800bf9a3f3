/**
 * The shared registry storage: PostgreSQL tables (postgres-schema.ts) reached through the
 * synchronous SQL layer (domain/sql: one bridge connection, BEGIN … COMMIT over several calls),
 * so every worker, the API and the CLI on any machine see one registry.
 *
 * - A version (or backup) is inserted in one transaction: it becomes visible only on commit,
 *   complete; its number comes from `registry_symbols.last_version`, raised in the same
 *   transaction (a row lock), so numbers are never reused, also after deletion.
 * - The exclusive section is a transaction holding `pg_advisory_xact_lock(<symbol key>)`: champion
 *   changes and pruning are serialised across machines and applied all together or not at all
 *   (the pointer and its audit record commit together). Waiting longer than the timeout
 *   (lock_timeout) is a RegistryBusyError (retryable).
 * - Nothing is left behind by a crash (the server rolls back), so `cleanupTemp` has nothing to do.
 */
import type { SqlDatabase } from '../sql/sql-database.js';
import { METADATA_FILE, CHECKSUMS_FILE } from './layout.js';
import { RegistryBusyError } from './lock.js';
import { ensureRegistrySchema } from './postgres-schema.js';
import type { RegistryStorage, SealVersion, StoredBackup, StoredDocument, StoredFiles } from './storage.js';
import type { ChampionPointer, CleanupResult } from './types.js';

/** SQLSTATE of a lock wait that exceeded lock_timeout. */
const LOCK_NOT_AVAILABLE = '55P03';
const DEFAULT_LOCK_TIMEOUT_MS = 30_000;

export interface PostgresRegistryStorageOptions {
  /** An open PostgreSQL database (domain/sql's PostgresDatabase); `close` closes it when `owned`. */
  db: SqlDatabase;
  /** Whether `close()` closes `db` (default true). */
  owned?: boolean;
}

const bytes = (value: unknown): Uint8Array => {
  if (value instanceof Uint8Array) return value;
  throw new TypeError(`registry storage: expected bytea, got ${typeof value}`);
};

export class PostgresRegistryStorage implements RegistryStorage {
  private readonly db: SqlDatabase;
  private readonly owned: boolean;

  constructor(options: PostgresRegistryStorageOptions) {
    if (options.db.dialect !== 'postgres') throw new TypeError(`PostgresRegistryStorage needs a PostgreSQL database, got ${options.db.dialect} (${options.db.location})`);
    this.db = options.db;
    this.owned = options.owned ?? true;
    ensureRegistrySchema(this.db);
  }

  get location(): string {
    return `${this.db.location}#registry_versions`;
  }

  get backupsLocation(): string {
    return `${this.db.location}#registry_backups`;
  }

  fileLocation(stored: StoredFiles, rel: string): string {
    return `${stored.location}/${rel}`;
  }

  private versionLocation(symbol: string, version: number): string {
    return `${this.db.location}#registry_versions/${symbol}/v${version}`;
  }

  listSymbols(): string[] {
    return this.db.all('SELECT symbol FROM registry_symbols ORDER BY symbol COLLATE "C"').map((r) => String(r.symbol));
  }

  listVersionNumbers(symbol: string): number[] {
    return this.db.all('SELECT version FROM registry_versions WHERE symbol = @symbol ORDER BY version', { symbol }).map((r) => Number(r.version));
  }

  readVersion(symbol: string, version: number): StoredFiles | null {
    // One statement, one snapshot: the version row and its files as of the same moment.
    const rows = this.db.all(
      `SELECT v.checksums, f.path, f.bytes FROM registry_versions v
         LEFT JOIN registry_version_files f ON f.symbol = v.symbol AND f.version = v.version
        WHERE v.symbol = @symbol AND v.version = @version ORDER BY f.path COLLATE "C"`,
      { symbol, version },
    );
    if (rows.length === 0) return null;
    const files: Record<string, Uint8Array> = {};
    for (const row of rows) if (row.path != null) files[String(row.path)] = bytes(row.bytes);
    return { location: this.versionLocation(symbol, version), checksums: bytes(rows[0]!.checksums), files };
  }

  readVersionMetadata(symbol: string, version: number): Uint8Array | null {
    const row = this.db.get('SELECT bytes FROM registry_version_files WHERE symbol = @symbol AND version = @version AND path = @path', { symbol, version, path: METADATA_FILE });
    return row ? bytes(row.bytes) : null;
  }

  versionsWithIdempotencyKey(symbol: string, key: string): number[] {
    return this.db.all(
      `SELECT version FROM registry_versions WHERE symbol = @symbol AND metadata->>'idempotencyKey' = @key ORDER BY version`,
      { symbol, key },
    ).map((r) => Number(r.version));
  }

  createVersion(symbol: string, modelFiles: Record<string, Uint8Array>, seal: SealVersion): { version: number; location: string } {
    return this.db.transaction(() => {
      this.ensureSymbol(symbol);
      const row = this.db.get('UPDATE registry_symbols SET last_version = last_version + 1 WHERE symbol = @symbol RETURNING last_version', { symbol });
      const version = Number(row?.last_version);
      const own = seal(version);
      const checksums = own[CHECKSUMS_FILE];
      const metadata = own[METADATA_FILE];
      if (!checksums || !metadata) throw new TypeError(`registry storage: seal(${version}) must return ${METADATA_FILE} and ${CHECKSUMS_FILE}`);
      this.db.run(
        'INSERT INTO registry_versions (symbol, version, metadata, checksums) VALUES (@symbol, @version, CAST(@metadata AS jsonb), @checksums)',
        { symbol, version, metadata: Buffer.from(metadata).toString('utf8'), checksums },
      );
      const files = { ...modelFiles, [METADATA_FILE]: metadata };
      for (const [path, data] of Object.entries(files)) {
        this.db.run('INSERT INTO registry_version_files (symbol, version, path, bytes) VALUES (@symbol, @version, @path, @data)', { symbol, version, path, data });
      }
      return { version, location: this.versionLocation(symbol, version) };
    });
  }

  deleteVersions(symbol: string, versions: number[]): void {
    if (versions.length === 0) return;
    this.db.transaction(() => {
      for (const version of versions) this.db.run('DELETE FROM registry_versions WHERE symbol = @symbol AND version = @version', { symbol, version });
    });
  }

  readChampion(symbol: string): StoredDocument | null {
    const row = this.db.get('SELECT pointer::text AS pointer FROM registry_champions WHERE symbol = @symbol', { symbol });
    return row ? { location: this.championLocation(symbol), text: String(row.pointer) } : null;
  }

  writeChampion(symbol: string, pointer: ChampionPointer): void {
    this.db.transaction(() => {
      this.ensureSymbol(symbol);
      this.db.run(
        `INSERT INTO registry_champions (symbol, pointer) VALUES (@symbol, CAST(@pointer AS jsonb))
         ON CONFLICT (symbol) DO UPDATE SET pointer = EXCLUDED.pointer`,
        { symbol, pointer: JSON.stringify(pointer) },
      );
    });
  }

  championLocation(symbol: string): string {
    return `${this.db.location}#registry_champions/${symbol}`;
  }

  appendAudit(symbol: string, entry: object): void {
    this.db.run('INSERT INTO registry_audit (symbol, entry) VALUES (@symbol, CAST(@entry AS jsonb))', { symbol, entry: JSON.stringify(entry) });
  }

  readAudit(symbol: string): Array<{ position: number; text: string }> {
    return this.db.all('SELECT entry::text AS entry FROM registry_audit WHERE symbol = @symbol ORDER BY id', { symbol })
      .map((r, i) => ({ position: i + 1, text: String(r.entry) }));
  }

  createBackup(symbol: string, idFor: (collision: number) => string, files: Record<string, Uint8Array>, record: object): { id: string; location: string } {
    const checksums = files[CHECKSUMS_FILE];
    if (!checksums) throw new TypeError(`registry storage: a backup needs ${CHECKSUMS_FILE}`);
    return this.db.transaction(() => {
      for (let collision = 0; ; collision++) {
        const id = idFor(collision);
        const inserted = this.db.run(
          `INSERT INTO registry_backups (symbol, id, record, checksums) VALUES (@symbol, @id, CAST(@record AS jsonb), @checksums)
           ON CONFLICT (symbol, id) DO NOTHING`,
          { symbol, id, record: JSON.stringify(record), checksums },
        );
        if (inserted.changes === 0) {
          if (collision < 100) continue;
          throw new Error(`registry storage: no free backup id for ${symbol} after ${collision} collisions (last ${id})`);
        }
        for (const [path, data] of Object.entries(files)) {
          if (path === CHECKSUMS_FILE) continue;
          this.db.run('INSERT INTO registry_backup_files (symbol, backup_id, path, bytes) VALUES (@symbol, @id, @path, @data)', { symbol, id, path, data });
        }
        return { id, location: this.backupLocation(symbol, id) };
      }
    });
  }

  listBackupIds(symbol: string): string[] {
    return this.db.all('SELECT id FROM registry_backups WHERE symbol = @symbol ORDER BY id COLLATE "C"', { symbol }).map((r) => String(r.id));
  }

  readBackupRecord(symbol: string, id: string): Uint8Array | null {
    const row = this.db.get('SELECT record::text AS record FROM registry_backups WHERE symbol = @symbol AND id = @id', { symbol, id });
    return row ? Buffer.from(String(row.record), 'utf8') : null;
  }

  readBackup(symbol: string, id: string): StoredBackup | null {
    const rows = this.db.all(
      `SELECT b.record::text AS record, b.checksums, f.path, f.bytes FROM registry_backups b
         LEFT JOIN registry_backup_files f ON f.symbol = b.symbol AND f.backup_id = b.id
        WHERE b.symbol = @symbol AND b.id = @id ORDER BY f.path COLLATE "C"`,
      { symbol, id },
    );
    if (rows.length === 0) return null;
    const files: Record<string, Uint8Array> = {};
    for (const row of rows) if (row.path != null) files[String(row.path)] = bytes(row.bytes);
    const first = rows[0]!;
    return {
      record: Buffer.from(String(first.record), 'utf8'),
      stored: { location: this.backupLocation(symbol, id), checksums: bytes(first.checksums), files },
    };
  }

  backupLocation(symbol: string, id: string): string {
    return `${this.db.location}#registry_backups/${symbol}/${id}`;
  }

  deleteBackups(symbol: string, ids: string[]): void {
    if (ids.length === 0) return;
    this.db.transaction(() => {
      for (const id of ids) this.db.run('DELETE FROM registry_backups WHERE symbol = @symbol AND id = @id', { symbol, id });
    });
  }

  withExclusive<T>(symbol: string, fn: () => T, timeoutMs = DEFAULT_LOCK_TIMEOUT_MS): T {
    return this.db.transaction(() => {
      this.db.get(`SELECT set_config('lock_timeout', @timeout, true)`, { timeout: `${Math.max(1, Math.round(timeoutMs))}ms` });
      const started = Date.now();
      try {
        this.db.get(`SELECT pg_advisory_xact_lock(hashtextextended('stockflow.registry:' || @symbol, 0))`, { symbol });
      } catch (err) {
        if ((err as { code?: unknown }).code === LOCK_NOT_AVAILABLE) {
          throw new RegistryBusyError(symbol, `${this.db.location} advisory lock "stockflow.registry:${symbol}"`, Date.now() - started);
        }
        throw err;
      }
      // Held until COMMIT/ROLLBACK; later lock waits in the section (row locks) wait as usual.
      this.db.get(`SELECT set_config('lock_timeout', '0', true)`);
      return fn();
    });
  }

  cleanupTemp(): CleanupResult {
    return { removed: [] };
  }

  close(): void {
    if (this.owned && this.db.open) this.db.close();
  }

  private ensureSymbol(symbol: string): void {
    this.db.run('INSERT INTO registry_symbols (symbol) VALUES (@symbol) ON CONFLICT (symbol) DO NOTHING', { symbol });
  }
}
