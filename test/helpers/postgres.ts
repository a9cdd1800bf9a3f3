/**
 * A database of its own for a test file on the run's private PostgreSQL
 * (test/setup/postgres-global-setup.ts): `testPostgresUrl('history')` creates
 * `t_history_<random>` and returns its URL; it is dropped after the file.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, inject } from 'vitest';
import { PgBridge } from '../../domain/sql/pg-bridge.js';

/** URL of the server's `postgres` database (superuser `temporal`, trust auth). */
export function postgresAdminUrl(): string {
  const url = inject('postgresAdminUrl');
  if (!url) throw new Error('no test PostgreSQL: test/setup/postgres-global-setup.ts must be a vitest globalSetup');
  return url;
}

/** Runs one statement on the admin database (CREATE/DROP DATABASE, pg_terminate_backend …). */
export function adminQuery(sql: string, params: unknown[] = []): Record<string, unknown>[] {
  const bridge = PgBridge.connect({ url: postgresAdminUrl() });
  try {
    return bridge.query(sql, params).rows;
  } finally {
    bridge.close();
  }
}

/** Creates a fresh database for this test file and returns its URL; dropped after the file. */
export function testPostgresUrl(prefix = 'db'): string {
  if (!/^[a-z][a-z0-9_]{0,30}$/.test(prefix)) throw new Error(`testPostgresUrl("${prefix}"): lower-case letters, digits and _ only, at most 31`);
  const name = `t_${prefix}_${randomBytes(5).toString('hex')}`;
  adminQuery(`CREATE DATABASE ${name}`);
  afterAll(() => {
    adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
  const url = new URL(postgresAdminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}
