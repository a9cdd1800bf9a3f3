/**
 * Retention and housekeeping: keep the last N versions (never the champion), keep the last M
 * backups, and remove temp entries abandoned by crashed writers.
 */
import path from 'node:path';
import { SYMBOL_PATTERN } from '../../common/constants.js';
import { ConfigError } from '../../common/errors.js';
import { pruneBackups } from './backups.js';
import { readChampion } from './champion.js';
import type { RegistryContext } from './context.js';
import { isErrno, readdirOrEmpty, removeDirViaTemp } from './fs-ops.js';
import { TEMP_PREFIX } from './layout.js';
import { listVersionNumbers, recordHighWaterMark } from './versions.js';
import type { CleanupResult, PruneResult } from './types.js';

export interface PruneOptions {
  /** Versions to keep, newest first; the champion is kept on top of these. At least 1. */
  keep: number;
  /** Backups to keep, newest first; backups are left alone when absent. */
  keepBackups?: number;
}

export function prune(ctx: RegistryContext, symbol: string, options: PruneOptions): PruneResult {
  checkCount('keep', options.keep, 1);
  if (options.keepBackups !== undefined) checkCount('keepBackups', options.keepBackups, 0);
  // Throws on an unreadable pointer: never guess which version is champion before deleting.
  const champion = readChampion(ctx, symbol);
  const versions = listVersionNumbers(ctx, symbol);
  // Record the high-water mark before deleting, so numbers of deleted versions are never reissued.
  recordHighWaterMark(ctx, symbol, 0);
  const newest = new Set(versions.slice(-options.keep));
  if (champion) newest.add(champion.version);
  const deleted: number[] = [];
  for (const v of versions) {
    if (newest.has(v)) continue;
    removeDirViaTemp(ctx.fs, ctx.layout.symbolDir(symbol), `v${v}`);
    deleted.push(v);
  }
  const deletedBackups = options.keepBackups !== undefined ? pruneBackups(ctx, symbol, options.keepBackups) : [];
  return { deleted, kept: versions.filter((v) => newest.has(v)), deletedBackups };
}

export interface CleanupOptions {
  /**
   * Only remove temp entries whose mtime is at least this old (default 1 hour), so a write in
   * progress in another process is left alone. Measured against the wall clock, because
   * mtimes are wall-clock times (the injected clock is for recorded timestamps).
   */
  olderThanMs?: number;
}

/** Removes abandoned `.tmp-*` files and directories under every symbol and backup folder. */
export function cleanupTemp(ctx: RegistryContext, options: CleanupOptions = {}): CleanupResult {
  const olderThanMs = options.olderThanMs ?? 60 * 60 * 1000;
  const removed: string[] = [];
  const symbols = new Set([...listSymbols(ctx), ...readdirOrEmpty(ctx.fs, ctx.layout.backupsRoot)]);
  for (const symbol of [...symbols].filter((n) => SYMBOL_PATTERN.test(n))) {
    for (const parent of [ctx.layout.symbolDir(symbol), ctx.layout.symbolBackupsDir(symbol)]) {
      for (const name of readdirOrEmpty(ctx.fs, parent)) {
        if (!name.startsWith(TEMP_PREFIX)) continue;
        const full = path.join(parent, name);
        try {
          const ageMs = Date.now() - ctx.fs.statSync(full).mtimeMs;
          // A "deleting-" temp is a rename-then-delete that did not finish: always safe to finish.
          if (ageMs < olderThanMs && !name.startsWith(`${TEMP_PREFIX}deleting-`)) continue;
          ctx.fs.rmSync(full, { recursive: true, force: true });
          removed.push(full);
        } catch (err) {
          if (!isErrno(err, 'ENOENT')) throw err; // removed by someone else meanwhile
        }
      }
    }
  }
  return { removed };
}

/** Symbols with a folder in the registry, sorted. */
export function listSymbols(ctx: RegistryContext): string[] {
  return readdirOrEmpty(ctx.fs, ctx.layout.root).filter((n) => SYMBOL_PATTERN.test(n)).sort();
}

function checkCount(field: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new ConfigError(field, value, `an integer ≥ ${min}`, 'registry retention');
  }
}
