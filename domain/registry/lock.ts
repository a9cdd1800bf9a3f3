import fs from 'node:fs';
import path from 'node:path';
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

const LOCK_FILE = '.lock';
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Runs `fn` holding the symbol's registry lock: an exclusive-create file in the symbol's
 * folder, so champion changes (promote, restore, rollback) and retention (prune) of one symbol
 * never interleave — across processes too (the worker, `stockflow restore`, the API). The
 * registry is synchronous, so waiting is a synchronous sleep.
 */
export function withSymbolLock<T>(symbolDir: string, symbol: string, fn: () => T, options: LockOptions = {}): T {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const staleMs = options.staleMs ?? 5 * 60_000;
  const file = path.join(symbolDir, LOCK_FILE);
  fs.mkdirSync(symbolDir, { recursive: true });
  const started = Date.now();
  for (;;) {
    try {
      fs.writeFileSync(file, `${process.pid} ${new Date().toISOString()}\n`, { flag: 'wx' });
      break;
    } catch (err) {
      if (!isErrno(err, 'EEXIST')) throw err;
    }
    try {
      if (Date.now() - fs.statSync(file).mtimeMs > staleMs) {
        fs.rmSync(file, { force: true });
        continue;
      }
    } catch (err) {
      if (!isErrno(err, 'ENOENT')) throw err;
      continue; // released meanwhile
    }
    if (Date.now() - started > timeoutMs) throw new RegistryBusyError(symbol, file, Date.now() - started);
    Atomics.wait(pause, 0, 0, 25);
  }
  try {
    return fn();
  } finally {
    fs.rmSync(file, { force: true });
  }
}
