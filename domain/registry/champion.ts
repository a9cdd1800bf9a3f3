/** The champion pointer `champion.json`, replaced atomically (temp file + fsync + rename). */
import { z } from 'zod';
import { ModelIntegrityError } from '../../common/errors.js';
import type { RegistryContext } from './context.js';
import { isErrno, readJsonFile, writeJsonAtomic } from './fs-ops.js';
import type { ChampionPointer } from './types.js';

const pointerSchema = z.object({
  version: z.number().int().positive(),
  since: z.string().min(1),
  reason: z.string(),
});

/** The pointer, or null when the symbol has no champion. A malformed pointer is an integrity error. */
export function readChampion(ctx: RegistryContext, symbol: string): ChampionPointer | null {
  const file = ctx.layout.championFile(symbol);
  let raw: unknown;
  try {
    raw = readJsonFile(ctx.fs, file);
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return null;
    throw new ModelIntegrityError(file, 'champion.json is not valid JSON', { cause: err });
  }
  const parsed = pointerSchema.safeParse(raw);
  if (!parsed.success) throw new ModelIntegrityError(file, `champion.json is malformed: ${parsed.error.message}`);
  return parsed.data;
}

export function writeChampion(ctx: RegistryContext, symbol: string, pointer: ChampionPointer): void {
  writeJsonAtomic(ctx.fs, ctx.layout.championFile(symbol), pointer);
}
