/**
 * The registry and history database in the configured data directory (the same ones the
 * worker writes). The domain modules (better-sqlite3, the registry) are imported on first use,
 * so loading a command costs nothing until it runs.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { HistoryStore } from '../../../domain/history/index.js';
import type { ModelRegistry } from '../../../domain/registry/index.js';
import type { CommandContext } from './context.js';

/** The model registry in the configured data directory. */
export async function openRegistry(ctx: CommandContext): Promise<ModelRegistry> {
  const { ModelRegistry } = await import('../../../domain/registry/index.js');
  return new ModelRegistry({ root: path.join(ctx.config().dataDir, 'models') });
}

/**
 * The history database, read-only, or null when no worker has created it yet (nothing has run
 * against this data directory). Closed by main when the command ends.
 */
export async function openHistory(ctx: CommandContext): Promise<HistoryStore | null> {
  const { HistoryStore, historyFile } = await import('../../../domain/history/index.js');
  const file = historyFile(ctx.config().dataDir);
  if (!existsSync(file)) return null;
  const store = HistoryStore.open({ file, readonly: true });
  ctx.onClose(() => store.close());
  return store;
}

/** The history database opened for writing (acknowledging incidents); created when missing. */
export async function openHistoryForWrite(ctx: CommandContext): Promise<HistoryStore> {
  const { HistoryStore, historyFile } = await import('../../../domain/history/index.js');
  const store = HistoryStore.open({ file: historyFile(ctx.config().dataDir) });
  ctx.onClose(() => store.close());
  return store;
}
