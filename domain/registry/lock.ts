/**
 * The per-symbol registry lock, across processes: proper-lockfile's lock directory
 * `<symbolDir>/.lock` (an atomic mkdir; a lock whose mtime is older than `staleMs` was left by
 * a crashed process and is taken over; a process that exits releases its locks). The registry
 * is synchronous, so the lock is taken with `lockSync` and waiting is a synchronous sleep —
 * proper-lockfile retries only in its async API.
 */
import fs from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { StockflowError } from '../../common/errors.js';
import { isErrno } from './fs-ops.js';

/** Another process held the symbol's registry lock for too long (retryable). */
export class RegistryBusyError extends StockflowError {
  readonly kind = 'unavailable';
  constructor(readonly symbol: string, readonly lockFile: string, waitedMs: number) {
    super(`registry of ${symbol} is locked by another process (${lockFile}) and stayed locked for ${waitedMs} ms`);
  }
}

export interface LockOptions {
  /** Give up after this long (default 30 s). */
  timeoutMs?: number;
  /** A lock older than this is left over from a crashed process and taken over (default 5 min). */
  staleMs?: number;
}

const LOCK_DIR = '.lock';
const RETRY_PAUSE_MS = 25;
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Runs `fn` holding the symbol's registry lock, so champion changes (promote, restore,
 * rollback) and retention (prune) of one symbol never interleave — across processes too (the
 * worker, `stockflow restore`, the API). `fn` is synchronous: the lock's mtime refresh timer
 * cannot fire while it runs, and the lock is released before it could.
 */
export function withSymbolLock<T>(symbolDir: string, symbol: string, fn: () => T, options: LockOptions = {}): T {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const stale = options.staleMs ?? 5 * 60_000;
  const lockfilePath = path.join(symbolDir, LOCK_DIR);
  fs.mkdirSync(symbolDir, { recursive: true });
  const started = Date.now();
  let release: () => void;
  for (;;) {
    try {
      release = lockfile.lockSync(symbolDir, { lockfilePath, stale, realpath: false });
      break;
    } catch (err) {
      if (!isErrno(err, 'ELOCKED')) throw err;
    }
    if (Date.now() - started > timeoutMs) throw new RegistryBusyError(symbol, lockfilePath, Date.now() - started);
    Atomics.wait(pause, 0, 0, RETRY_PAUSE_MS);
  }
  try {
    return fn();
  } finally {
    release();
  }
}
