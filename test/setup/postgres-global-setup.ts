/**
 * One private PostgreSQL for the whole test run (the cluster harness's scripts/cluster/postgres.ts:
 * initdb as the `postgres` user when root, a free port below 32768, loopback, trust auth), installed
 * from Debian's package first when missing (scripts/cluster/install-postgres.sh). Test files get a
 * database each through test/helpers/postgres.ts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { freeLowPorts } from '../../scripts/cluster/ports.js';
import { postgresBinDir, startPostgres, type Postgres } from '../../scripts/cluster/postgres.js';

let server: Postgres | undefined;
let dir: string | undefined;

function ensureInstalled(): void {
  try {
    postgresBinDir();
  } catch {
    execFileSync('bash', [path.resolve(import.meta.dirname, '../../scripts/cluster/install-postgres.sh'), '--quiet'], { stdio: 'inherit' });
    postgresBinDir();
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  ensureInstalled();
  dir = mkdtempSync(path.join(os.tmpdir(), 'stockflow-test-postgres-'));
  const [port] = await freeLowPorts(1);
  server = await startPostgres({ dir, port: port! });
  project.provide('postgresAdminUrl', server.url('postgres'));
  return async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
  }
}
