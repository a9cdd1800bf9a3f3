/**
 * The one grammar of a price-source string — "yahoo", "csv:DIR", "synthetic" or
 * "synthetic:SEED" — shared by config/ (start-up validation), market-data/ (building the
 * source) and the CLI (`evaluate --source`). Pure: it resolves no paths and touches no files.
 */

export type PriceSourceSpec =
  | { kind: 'yahoo' }
  /** `dir` exactly as written (trimmed, non-empty); callers resolve it against their base directory. */
  | { kind: 'csv'; dir: string }
  /** `seed` absent for plain "synthetic" (the source's default seed). */
  | { kind: 'synthetic'; seed?: number };

/** What a price-source string may be, for error messages. */
export const PRICE_SOURCE_SPEC_FORMS =
  '"yahoo", "csv:DIR" (DIR relative to the base directory), "synthetic" or "synthetic:SEED" (SEED an integer 0–4294967295)';

const MAX_SEED = 0xffffffff;

/** Parses a price-source string; `null` when it matches none of the forms. */
export function readPriceSourceSpec(spec: unknown): PriceSourceSpec | null {
  if (typeof spec !== 'string') return null;
  const trimmed = spec.trim();
  if (trimmed === 'yahoo') return { kind: 'yahoo' };
  if (trimmed.startsWith('csv:')) {
    const dir = trimmed.slice('csv:'.length).trim();
    return dir === '' ? null : { kind: 'csv', dir };
  }
  const synthetic = /^synthetic(?::(\d+))?$/.exec(trimmed);
  if (!synthetic) return null;
  if (synthetic[1] === undefined) return { kind: 'synthetic' };
  const seed = Number(synthetic[1]);
  return seed > MAX_SEED ? null : { kind: 'synthetic', seed };
}

/** The canonical string of a spec (a csv directory as given). */
export function formatPriceSourceSpec(spec: PriceSourceSpec): string {
  if (spec.kind === 'csv') return `csv:${spec.dir}`;
  if (spec.kind === 'synthetic') return spec.seed === undefined ? 'synthetic' : `synthetic:${spec.seed}`;
  return 'yahoo';
}
