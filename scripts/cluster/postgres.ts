/**
 * PostgreSQL for the cluster harness, from Debian's `postgresql` package: a cluster of its own
 * (initdb into the run directory, its own port, loopback only, trust auth, superuser
 * `temporal`) run as a child process. `initdb` and `postgres` refuse to run as root, so when
 * the harness is root they run as the `postgres` system user the package creates.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { startManagedProcess, type ManagedProcess } from './managed-process.js';

/** The superuser the harness creates; the Temporal server and stockflow's store log in as it. */
export const PG_USER = 'temporal';
export const PG_PASSWORD = 'temporal';

export interface PostgresOptions {
  /** Holds the data directory, the socket directory and the log. */
  dir: string;
  port: number;
  /** Deadline for accepting connections after a (re)start. */
  startTimeoutMs?: number;
}

export interface Postgres {
  readonly port: number;
  readonly dataDir: string;
  readonly logFile: string;
  /** The running server process (replaced by `restart`). */
  process(): ManagedProcess;
  /** postgres://temporal:temporal@127.0.0.1:PORT/<database> */
  url(database: string): string;
  createDatabase(name: string): void;
  /** Fast shutdown (SIGINT), then start again on the same data directory and port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** The directory of the newest installed PostgreSQL's programs (/usr/lib/postgresql/<major>/bin). */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((d) => /^\d+$/.test(d) && existsSync(path.join(root, d, 'bin', 'initdb'))) : [];
  if (majors.length === 0) {
    throw new Error(`PostgreSQL is not installed (no ${root}/<version>/bin/initdb); install the Debian package: apt-get install -y postgresql`);
  }
  const newest = majors.map(Number).sort((a, b) => b - a)[0];
  return path.join(root, String(newest), 'bin');
}

/** uid/gid to run PostgreSQL as: the `postgres` user when we are root, else ourselves. */
function runAs(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error('running as root, but there is no "postgres" user to run PostgreSQL as (initdb refuses root); install the Debian package postgresql, which creates it');
  }
}

export async function startPostgres(options: PostgresOptions): Promise<Postgres> {
  const bin = postgresBinDir();
  const user = runAs();
  const dataDir = path.join(options.dir, 'data');
  const socketDir = path.join(options.dir, 'socket');
  const logFile = path.join(options.dir, 'postgres.log');
  mkdirSync(socketDir, { recursive: true });
  if (user.uid !== undefined) {
    chownSync(options.dir, user.uid, user.gid!);
    chownSync(socketDir, user.uid, user.gid!);
  }
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    try {
      execFileSync(path.join(bin, 'initdb'), ['-D', dataDir, '-U', PG_USER, '--auth=trust', '-E', 'UTF8', '--no-instructions'], {
        ...user, stdio: ['ignore', 'pipe', 'pipe'], cwd: options.dir,
      });
    } catch (err) {
      const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? '';
      throw new Error(`initdb of ${dataDir} failed: ${stderr.trim() || (err as Error).message}`);
    }
  }
  const spawnServer = () => startManagedProcess({
    name: 'postgresql',
    command: path.join(bin, 'postgres'),
    args: ['-D', dataDir, '-p', String(options.port), '-k', socketDir, '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=on'],
    logFile,
    cwd: options.dir,
    ...user,
  });
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  let current = spawnServer();
  await waitForPostgres(options.port, current, timeoutMs);

  const psql = (database: string, sql: string) => {
    execFileSync(path.join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(options.port), '-U', PG_USER, '-d', database, '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', sql], { stdio: ['ignore', 'pipe', 'pipe'] });
  };
  return {
    port: options.port,
    dataDir,
    logFile,
    process: () => current,
    url: (database) => `postgres://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${options.port}/${database}`,
    createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`database name "${name}": lower-case letters, digits and _ only`);
      try {
        psql('postgres', `CREATE DATABASE ${name}`);
      } catch (err) {
        const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? '';
        if (!stderr.includes('already exists')) throw new Error(`CREATE DATABASE ${name} failed: ${stderr.trim() || (err as Error).message}`);
      }
    },
    async restart() {
      await current.stop('SIGINT', 30_000);
      current = spawnServer();
      await waitForPostgres(options.port, current, timeoutMs);
    },
    stop: () => current.stop('SIGINT', 30_000),
  };
}

/** Waits until PostgreSQL answers a startup packet on the port (it refuses during recovery: polled). */
async function waitForPostgres(port: number, server: ManagedProcess, timeoutMs: number): Promise<void> {
  const bin = postgresBinDir();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!server.running()) throw new Error(`PostgreSQL exited while starting (log ${server.logFile}):\n${server.logTail()}`);
    if (await portOpen(port)) {
      try {
        execFileSync(path.join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-U', PG_USER, '-d', 'postgres', '-q']);
        return;
      } catch {
        // starting up or recovering: not yet
      }
    }
    if (Date.now() > deadline) throw new Error(`PostgreSQL not ready on port ${port} after ${timeoutMs} ms (log ${server.logFile}):\n${server.logTail()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}
