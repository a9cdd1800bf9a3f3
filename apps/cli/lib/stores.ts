/**
 * The domain services a command uses, built once per command from its configuration
 * (domain/services.ts — the same function the worker and the API call, imported on first use so
 * that loading a command costs nothing until it runs) and closed by main.
 */
import type { HistoryStore } from '../../../domain/history/index.js';
import type { ModelRegistry } from '../../../domain/registry/index.js';
import type { CommandContext } from './context.js';

/** The model registry in the configured data directory (the same one the worker writes). */
export async function openRegistry(ctx: CommandContext): Promise<ModelRegistry> {
  return (await ctx.services()).registry;
}

/**
 * The history database, read-only, or null when no worker has created it yet (nothing has run
 * against this data directory).
 */
export async function openHistory(ctx: CommandContext): Promise<HistoryStore | null> {
  return (await ctx.services()).history;
}

/** The history database opened for writing (acknowledging incidents); created when missing. */
export async function openHistoryForWrite(ctx: CommandContext): Promise<HistoryStore> {
  const { buildServices } = await import('../../../domain/services.js');
  const services = buildServices(ctx.config(), { history: 'write' });
  ctx.onClose(() => services.close());
  return services.history;
}
