/**
 * The domain services a command uses, built once per command from its configuration
 * (domain/services.ts — the same function the worker and the API call) and closed by main.
 */
import type { HistoryStore } from '../../../domain/history/index.js';
import type { ModelRegistry } from '../../../domain/registry/index.js';
import { buildServices } from '../../../domain/services.js';
import type { CommandContext } from './context.js';

/** The model registry in the configured data directory (the same one the worker writes). */
export function openRegistry(ctx: CommandContext): ModelRegistry {
  return ctx.services().registry;
}

/**
 * The history database, read-only, or null when no worker has created it yet (nothing has run
 * against this data directory). Closed by main when the command ends.
 */
export function openHistory(ctx: CommandContext): HistoryStore | null {
  return ctx.services().history;
}

/** The history database opened for writing (acknowledging incidents); created when missing. */
export function openHistoryForWrite(ctx: CommandContext): HistoryStore {
  const services = buildServices(ctx.config(), { history: 'write' });
  ctx.onClose(() => services.close());
  return services.history;
}
