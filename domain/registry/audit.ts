/**
 * Append-only audit log `audit.jsonl`, one JSON object per line, one line per champion
 * decision (promote, restore, rollback, keep = a refused promotion, and skip-backup = a
 * retrain that could not back up a corrupt champion). Kept beside the
 * versions rather than in the history DB so the registry stays self-contained: copying a
 * symbol's folder copies its story.
 *
 * The champion pointer is written before the audit line. A crash between the two leaves a
 * champion change without its line; the pointer's own `since`/`reason` still tell it.
 */
import { z } from 'zod';
import type { RegistryContext } from './context.js';
import { appendLineDurable, isErrno } from './fs-ops.js';
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
  /** 1-based line numbers that did not parse (e.g. a line torn by a crash mid-append). */
  malformedLines: number[];
}

export function appendAudit(ctx: RegistryContext, entry: AuditEntry): void {
  const file = ctx.layout.auditFile(entry.symbol);
  // If a crash tore the last line, start on a fresh line so this entry stays readable.
  let prefix = '';
  try {
    const existing = ctx.fs.readFileSync(file);
    if (existing.byteLength > 0 && existing[existing.byteLength - 1] !== 0x0a) prefix = '\n';
  } catch (err) {
    if (!isErrno(err, 'ENOENT')) throw err;
  }
  appendLineDurable(ctx.fs, file, prefix + JSON.stringify(entry));
}

export function readAudit(ctx: RegistryContext, symbol: string): AuditLog {
  let text: string;
  try {
    text = ctx.fs.readFileSync(ctx.layout.auditFile(symbol), 'utf8');
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return { entries: [], malformedLines: [] };
    throw err;
  }
  const entries: AuditEntry[] = [];
  const malformedLines: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      const parsed = entrySchema.safeParse(JSON.parse(line));
      if (parsed.success) entries.push(parsed.data);
      else malformedLines.push(i + 1);
    } catch {
      malformedLines.push(i + 1);
    }
  });
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
