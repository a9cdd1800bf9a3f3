/**
 * Retention and housekeeping: keep the last N versions (never the champion), keep the last M
 * backups, and remove what crashed writers left behind (the storage knows what that is).
 */
import { ConfigError } from '../../common/errors.js';
import { pruneBackups } from './backups.js';
import { readChampion } from './champion.js';
import type { RegistryContext } from './context.js';
import { listVersionNumbers } from './versions.js';
import type { CleanupResult, PruneResult } from './types.js';

export interface PruneOptions {
  /** Versions to keep, newest first; the champion is kept on top of these. At least 1. */
  keep: number;
  /** Backups to keep, newest first; backups are left alone when absent. */
  keepBackups?: number;
}

/** Run in the symbol's exclusive section (the registry does), so the champion cannot move meanwhile. */
export function prune(ctx: RegistryContext, symbol: string, options: PruneOptions): PruneResult {
  checkCount('keep', options.keep, 1);
  if (options.keepBackups !== undefined) checkCount('keepBackups', options.keepBackups, 0);
  // Throws on an unreadable pointer: never guess which version is champion before deleting.
  const champion = readChampion(ctx, symbol);
  const versions = listVersionNumbers(ctx, symbol);
  const newest = new Set(versions.slice(-options.keep));
  if (champion) newest.add(champion.version);
  const deleted = versions.filter((v) => !newest.has(v));
  // The storage keeps the deleted numbers issued, so they are never reused.
  ctx.storage.deleteVersions(symbol, deleted);
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

/** Removes abandoned temp entries (file store: `.tmp-*` under every symbol and backup folder). */
export function cleanupTemp(ctx: RegistryContext, options: CleanupOptions = {}): CleanupResult {
  return ctx.storage.cleanupTemp(options.olderThanMs ?? 60 * 60 * 1000);
}

/** Symbols with anything in the registry, sorted. */
export function listSymbols(ctx: RegistryContext): string[] {
  return ctx.storage.listSymbols();
}

function checkCount(field: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new ConfigError(field, value, `an integer ≥ ${min}`, 'registry retention');
  }
}
