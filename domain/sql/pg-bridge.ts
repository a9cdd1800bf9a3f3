/**
 * The synchronous PostgreSQL bridge: the stores keep their synchronous interface (like
 * better-sqlite3) while `pg` is asynchronous, so each call is handed to a worker thread
 * (pg-bridge-worker.mjs, through synckit) and the calling thread waits for its answer. A bridge
 * is one connection, so BEGIN … COMMIT over several calls is one transaction. A lost connection
 * is reopened by the next call (a call outside a transaction is retried once); inside a
 * transaction the loss surfaces as `SqlUnavailableError` (kind `unavailable`: retry the activity).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createSyncFn } from 'synckit';
import { SqlUnavailableError, SqlQueryError } from './errors.js';
import { redactStoreUrl } from './store-url.js';

/** What a request to the worker returns (pg's rows, with int8 and numeric parsed to numbers). */
export interface PgResult {
  rows: Record<string, unknown>[];
  rowCount: number;
}

type PgRequest =
  | { op: 'open'; url: string; connectTimeoutMs: number; queryTimeoutMs: number; readOnly: boolean }
  | { op: 'query'; handle: number; sql: string; params: unknown[] }
  | { op: 'close'; handle: number }
  | { op: 'backendPid'; handle: number };

type PgCall = (request: PgRequest) => unknown;

/**
 * The worker module: next to this file in the sources, and copied next to the compiled file by
 * `npm run build` (scripts/copy-build-assets.ts); a dist/ compiled by tsc alone (the `prepare`
 * step) finds it in the sources beside dist/.
 */
export function bridgeWorkerPath(): string {
  const candidates = [
    fileURLToPath(new URL('./pg-bridge-worker.mjs', import.meta.url)),
    fileURLToPath(new URL('../../../domain/sql/pg-bridge-worker.mjs', import.meta.url)),
  ];
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error(`PostgreSQL bridge worker missing: none of ${candidates.join(', ')} (run \`npm run build\`, which copies it next to the compiled bridge)`);
  return found;
}

let call: PgCall | null = null;

/** One worker thread per process (synckit keeps one per module path); each bridge is a handle in it. */
function worker(): PgCall {
  call ??= createSyncFn(bridgeWorkerPath()) as PgCall;
  return call;
}

export interface PgBridgeOptions {
  /** postgres:// or postgresql:// URL */
  url: string;
  /** How long to wait for a connection (default 10 s). */
  connectTimeoutMs?: number;
  /** How long one statement may take before the connection is given up as lost (default 120 s). */
  queryTimeoutMs?: number;
  /** Every session read-only (default_transaction_read_only): writes fail with SQLSTATE 25006. */
  readOnly?: boolean;
}

export class PgBridge {
  private handle: number | null;

  private constructor(readonly url: string, handle: number) {
    this.handle = handle;
  }

  /** Connects now, so a wrong URL or a server that is down fails here, naming the server. */
  static connect(options: PgBridgeOptions): PgBridge {
    const result = invoke(options.url, { op: 'open', url: options.url, connectTimeoutMs: options.connectTimeoutMs ?? 10_000, queryTimeoutMs: options.queryTimeoutMs ?? 120_000, readOnly: options.readOnly ?? false }, 'connect') as { handle: number };
    return new PgBridge(options.url, result.handle);
  }

  get open(): boolean {
    return this.handle !== null;
  }

  /** Runs one statement with `$1…$n` parameters. */
  query(sql: string, params: readonly unknown[] = []): PgResult {
    if (this.handle === null) throw new Error(`PostgreSQL bridge to ${redactStoreUrl(this.url)} is closed`);
    return invoke(this.url, { op: 'query', handle: this.handle, sql, params: [...params] }, sql) as PgResult;
  }

  /** The server process of the current connection, or null while disconnected (tests kill it). */
  backendPid(): number | null {
    if (this.handle === null) return null;
    return (invoke(this.url, { op: 'backendPid', handle: this.handle }, 'backendPid') as { pid: number | null }).pid;
  }

  close(): void {
    if (this.handle === null) return;
    const handle = this.handle;
    this.handle = null;
    invoke(this.url, { op: 'close', handle }, 'close');
  }
}

/** Calls the worker; its errors come back as plain objects with `code`/`kind`: typed here. */
function invoke(url: string, request: PgRequest, what: string): unknown {
  try {
    return worker()(request);
  } catch (err) {
    const e = err as { message?: string; code?: string; kind?: string; detail?: string; constraint?: string };
    const message = e?.message ?? String(err);
    if (e?.kind === 'unavailable') throw new SqlUnavailableError(redactStoreUrl(url), message, { cause: err });
    throw new SqlQueryError(redactStoreUrl(url), what, message, e?.code, e?.constraint, { cause: err });
  }
}
