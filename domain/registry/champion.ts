/**
 * The champion pointer `{ version, since, reason }`: read (and validated) through the storage,
 * replaced atomically by it (a file renamed into place, or a row updated in a transaction).
 */
import { z } from 'zod';
import { ModelIntegrityError } from '../../common/errors.js';
import { assertSymbol } from '../../common/symbol.js';
import type { RegistryContext } from './context.js';
import { invalidSymbol } from './layout.js';
import type { ChampionPointer } from './types.js';

const pointerSchema = z.object({
  version: z.number().int().positive(),
  since: z.string().min(1),
  reason: z.string(),
});

/** The pointer, or null when the symbol has no champion. A malformed pointer is an integrity error. */
export function readChampion(ctx: RegistryContext, symbol: string): ChampionPointer | null {
  assertSymbol(symbol, invalidSymbol(symbol));
  const stored = ctx.storage.readChampion(symbol);
  if (!stored) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(stored.text);
  } catch (err) {
    throw new ModelIntegrityError(stored.location, 'champion.json is not valid JSON', { cause: err });
  }
  const parsed = pointerSchema.safeParse(raw);
  if (!parsed.success) throw new ModelIntegrityError(stored.location, `champion.json is malformed: ${parsed.error.message}`);
  return parsed.data;
}

export function writeChampion(ctx: RegistryContext, symbol: string, pointer: ChampionPointer): void {
  ctx.storage.writeChampion(symbol, pointer);
}
