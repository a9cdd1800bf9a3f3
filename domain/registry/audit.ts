/**
 * The append-only audit log, one record per champion decision (promote, restore, rollback,
 * keep = a refused promotion, and skip-backup = a retrain that could not back up a corrupt
 * champion). Kept in the registry's storage (`audit.jsonl` beside the versions, or the audit
 * table) rather than in the history DB so the registry stays self-contained.
 *
 * The champion pointer is written before the audit record. In the file store a crash between
 * the two leaves a champion change without its line (the pointer's own `since`/`reason` still
 * tell it); in PostgreSQL both are in one transaction.
 */
import { z } from 'zod';
import { assertSymbol } from '../../common/symbol.js';
import type { RegistryContext } from './context.js';
import { invalidSymbol } from './layout.js';
import { type AuditEntry, UNCHANGING_ACTIONS } from './types.js';

const entrySchema = z.object({
  at: z.string().min(1),
  symbol: z.string().min(1),
  from: z.number().int().positive().nullable(),
  to: z.number().int().positive().nullable(),
  action: z.enum(['promote', 'restore', 'rollback', 'keep', 'skip-backup']),
  reason: z.string(),
  challenger: z.number().int().positive().optional(),
  backupId: z.string().optional(),
});

export interface AuditLog {
  entries: AuditEntry[];
  /** 1-based positions (line numbers in audit.jsonl) of records that did not parse (e.g. a line torn by a crash mid-append). */
  malformedLines: number[];
}

export function appendAudit(ctx: RegistryContext, entry: AuditEntry): void {
  ctx.storage.appendAudit(entry.symbol, entrySchema.parse(entry));
}

export function readAudit(ctx: RegistryContext, symbol: string): AuditLog {
  assertSymbol(symbol, invalidSymbol(symbol));
  const entries: AuditEntry[] = [];
  const malformedLines: number[] = [];
  for (const { position, text } of ctx.storage.readAudit(symbol)) {
    try {
      const parsed = entrySchema.safeParse(JSON.parse(text));
      if (parsed.success) entries.push(parsed.data);
      else malformedLines.push(position);
    } catch {
      malformedLines.push(position);
    }
  }
  return { entries, malformedLines };
}

/**
 * Which version was champion at `isoTime` according to the audit log: the target of the last
 * promote/restore/rollback at or before that time. Null before the first champion.
 */
export function championAt(ctx: RegistryContext, symbol: string, isoTime: string | Date): { version: number; since: string; reason: string } | null {
  const t = new Date(isoTime).getTime();
  if (Number.isNaN(t)) throw new RangeError(`championAt: "${String(isoTime)}" is not a date`);
  let found: AuditEntry | null = null;
  for (const entry of readAudit(ctx, symbol).entries) {
    if (UNCHANGING_ACTIONS.includes(entry.action)) continue;
    const at = new Date(entry.at).getTime();
    if (at <= t && (found === null || at >= new Date(found.at).getTime())) found = entry;
  }
  if (found === null || found.to === null) return null;
  return { version: found.to, since: found.at, reason: found.reason };
}
