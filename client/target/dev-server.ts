import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, closeSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { StockflowError } from '../../common/errors.js';
import { SYMBOL_SEARCH_ATTRIBUTE_REGISTRATION } from '../../common/search-attributes.js';
import { freePort } from './free-port.js';
import { resolveTemporalCli } from './temporal-binary.js';

export interface DevServerOptions {
  /** SQLite file that holds the server's state; survives restarts. */
  dbFile: string;
  /** Path of the `temporal` binary; resolved from config/env/.tools/PATH when absent. */
  cliPath?: string;
  host?: string;
  /** gRPC port; a free one when absent. */
  port?: number;
  /** Web UI port; a free one when absent. `false` runs headless. */
  uiPort?: number | false;
  namespace?: string;
  /** Where the server's stdout/stderr go (appended). */
  logFile?: string;
  startTimeoutMs?: number;
}

export interface DevServer {
  address: string;
  namespace: string;
  uiUrl?: string;
  pid: number;
  dbFile: string;
  stop(): Promise<void>;
}

export class DevServerStartError extends StockflowError {
  readonly kind = 'unavailable';
}

/**
 * Starts `temporal server start-dev` with state in a SQLite file and the `Symbol` search
 * attribute registered, and waits until its frontend answers. The caller owns the returned handle and must `stop()` it.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const cli = resolveTemporalCli(options.cliPath);
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freePort(host));
  const uiPort = options.uiPort === false ? undefined : (options.uiPort ?? (await freePort(host)));
  const namespace = options.namespace ?? 'default';
  mkdirSync(path.dirname(options.dbFile), { recursive: true });

  const args = [
    'server', 'start-dev',
    '--db-filename', options.dbFile,
    '--ip', host,
    '--port', String(port),
    '--http-port', String(await freePort(host)),
    '--metrics-port', String(await freePort(host)),
    '--log-level', 'warn',
    '--namespace', namespace,
    // Every per-symbol workflow carries it (common/search-attributes.ts); re-registering on restart is a no-op.
    '--search-attribute', `${SYMBOL_SEARCH_ATTRIBUTE_REGISTRATION.name}=${SYMBOL_SEARCH_ATTRIBUTE_REGISTRATION.type}`,
  ];
  if (uiPort === undefined) args.push('--headless');
  else args.push('--ui-port', String(uiPort));

  let logFd: number | undefined;
  if (options.logFile) {
    mkdirSync(path.dirname(options.logFile), { recursive: true });
    logFd = openSync(options.logFile, 'a');
  }
  const child = spawn(cli, args, {
    stdio: ['ignore', logFd ?? 'ignore', logFd ?? 'pipe'],
  });
  if (logFd !== undefined) closeSync(logFd);
  let stderrTail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const address = `${host}:${port}`;
  try {
    await waitUntilReady(address, child, exited, options.startTimeoutMs ?? 30_000);
  } catch (err) {
    child.kill('SIGKILL');
    throw new DevServerStartError(
      `temporal dev server (${cli} ${args.join(' ')}) did not start: ${(err as Error).message}` +
        (stderrTail ? `\n${stderrTail.trim()}` : options.logFile ? ` (see ${options.logFile})` : ''),
      { cause: err },
    );
  }

  return {
    address,
    namespace,
    uiUrl: uiPort === undefined ? undefined : `http://${host}:${uiPort}`,
    pid: child.pid!,
    dbFile: options.dbFile,
    stop: () => stopChild(child, exited),
  };
}

async function waitUntilReady(
  address: string,
  child: ChildProcess,
  exited: Promise<number | null>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (exitCode !== undefined || child.exitCode !== null) {
      throw new Error(`the server process exited with code ${exitCode ?? child.exitCode}`);
    }
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`not ready after ${timeoutMs} ms at ${address}: ${(lastError as Error)?.message ?? 'no answer'}`);
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
