/**
 * The registry contract's harness for the shared PostgreSQL store: one database per test file
 * (test/helpers/postgres.ts), emptied for every fresh store; each `open()` is a registry with a
 * connection of its own (another process's view); damage is done with SQL on a separate connection.
 */
import { afterAll } from 'vitest';
import { type ModelRegistry } from '../../../../domain/registry/index.js';
import { openPostgresRegistry } from '../../../../domain/registry/open-postgres.js';
import { ensureRegistrySchema } from '../../../../domain/registry/postgres-schema.js';
import { PostgresDatabase } from '../../../../domain/sql/postgres-database.js';
import { testPostgresUrl } from '../../../helpers/postgres.js';
import { steppingClock } from '../helpers.js';
import type { ChecksumsJson, RegistryHarness } from './harness.js';

const TABLES = ['registry_backup_files', 'registry_backups', 'registry_audit', 'registry_champions', 'registry_version_files', 'registry_versions', 'registry_symbols'];

/** Returns `fresh()` for the contract; call once per test file (at module level). */
export function postgresHarnessFactory(): { fresh: () => RegistryHarness; url: string; db: () => PostgresDatabase } {
  const url = testPostgresUrl('registry');
  let db: PostgresDatabase | null = null;
  const open: ModelRegistry[] = [];
  const admin = (): PostgresDatabase => {
    if (!db) {
      db = PostgresDatabase.connect({ url });
      ensureRegistrySchema(db);
    }
    return db;
  };
  const closeOpen = () => {
    for (const reg of open.splice(0)) reg.close();
  };
  afterAll(() => {
    closeOpen();
    db?.close();
  });
  const file = { symbol: '', version: 0, path: '' };
  const where = (symbol: string, version: number, path: string) => ({ ...file, symbol, version, path });

  const fresh = (): RegistryHarness => {
    closeOpen();
    admin().exec(`TRUNCATE ${TABLES.join(', ')} RESTART IDENTITY`);
    const sql = admin();
    return {
      label: 'postgres',
      open: (options = {}) => {
        const reg = openPostgresRegistry({ url, now: options.now ?? steppingClock(), ...(options.lockTimeoutMs ? { lockTimeoutMs: options.lockTimeoutMs } : {}) });
        open.push(reg);
        return reg;
      },
      fileLocation: (symbol, version, rel) => `${sql.location}#registry_versions/${symbol}/v${version}/${rel}`,
      tamper: {
        truncateFile: (symbol, version, rel, length) => {
          sql.run('UPDATE registry_version_files SET bytes = substring(bytes from 1 for @length) WHERE symbol = @symbol AND version = @version AND path = @path', { ...where(symbol, version, rel), length });
        },
        flipFirstByte: (symbol, version, rel) => {
          sql.run('UPDATE registry_version_files SET bytes = set_byte(bytes, 0, get_byte(bytes, 0) # 255) WHERE symbol = @symbol AND version = @version AND path = @path', where(symbol, version, rel));
        },
        removeFile: (symbol, version, rel) => {
          sql.run('DELETE FROM registry_version_files WHERE symbol = @symbol AND version = @version AND path = @path', where(symbol, version, rel));
        },
        addFile: (symbol, version, rel, data) => {
          sql.run('INSERT INTO registry_version_files (symbol, version, path, bytes) VALUES (@symbol, @version, @path, @data)', { ...where(symbol, version, rel), data });
        },
        editChecksums: (symbol, version, edit) => {
          const row = sql.get('SELECT checksums FROM registry_versions WHERE symbol = @symbol AND version = @version', { symbol, version });
          const sums = JSON.parse(Buffer.from(row!.checksums as Uint8Array).toString('utf8')) as ChecksumsJson;
          sql.run('UPDATE registry_versions SET checksums = @data WHERE symbol = @symbol AND version = @version', { symbol, version, data: Buffer.from(JSON.stringify(edit(sums))) });
        },
        garbleChampion: (symbol) => {
          sql.run(`UPDATE registry_champions SET pointer = '{"version": "one"}' WHERE symbol = @symbol`, { symbol });
        },
        deleteVersion: (symbol, version) => {
          sql.run('DELETE FROM registry_versions WHERE symbol = @symbol AND version = @version', { symbol, version });
        },
        truncateBackupFile: (symbol, id, rel, length) => {
          sql.run('UPDATE registry_backup_files SET bytes = substring(bytes from 1 for @length) WHERE symbol = @symbol AND backup_id = @id AND path = @path', { symbol, id, path: rel, length });
        },
      },
      holdExclusive: (symbol, fn) => {
        sql.transaction(() => {
          sql.get(`SELECT pg_advisory_xact_lock(hashtextextended('stockflow.registry:' || @symbol, 0))`, { symbol });
          fn();
        });
      },
      childSpec: `postgres:${url}`,
      transactional: true,
    };
  };
  return { fresh, url, db: admin };
}
