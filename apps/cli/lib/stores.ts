import { existsSync } from 'node:fs';
import path from 'node:path';
import { HistoryStore, historyFile } from '../../../domain/history/index.js';
import { ModelRegistry } from '../../../domain/registry/index.js';
import type { CommandContext } from './context.js';

/** The model registry in the configured data directory (the same one the worker writes). */
export function openRegistry(ctx: CommandContext): ModelRegistry {
  return new ModelRegistry({ root: path.join(ctx.config().dataDir, 'models') });
}

/**
 * The history database, read-only, or null when no worker has created it yet (nothing has run
 * against this data directory). Closed by main when the command ends.
 */
export function openHistory(ctx: CommandContext): HistoryStore | null {
  const file = historyFile(ctx.config().dataDir);
  if (!existsSync(file)) return null;
  const store = HistoryStore.open({ file, readonly: true });
  ctx.onClose(() => store.close());
  return store;
}

/** The history database opened for writing (acknowledging incidents); created when missing. */
export function openHistoryForWrite(ctx: CommandContext): HistoryStore {
  const store = HistoryStore.open({ file: historyFile(ctx.config().dataDir) });
  ctx.onClose(() => store.close());
  return store;
}
