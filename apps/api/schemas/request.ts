/**
 * The request side of every route, in zod: path parameters and query strings. fastify
 * validates with these (zod-compilers.ts) and the handlers' types are inferred from them; the
 * OpenAPI document is generated from the same objects (openapi.ts).
 *
 * Symbols are case-insensitive: `nvda` is read as `NVDA` (tickers are upper case everywhere
 * in stockflow, so one spelling per resource keeps caches and metric labels unambiguous).
 * Numeric query parameters are plain decimal digits within bounds — ajv and `Number()` turn
 * "Infinity", "1e400", "0x10" and " 5" into numbers, zod here never sees anything but digits.
 * Dates are real calendar days (2025-02-31 is refused). Unknown query parameters are a 400.
 */
import { z } from 'zod';
import { SYMBOL_PATTERN } from '../../../common/constants.js';
import { isIsoDate } from '../../../common/iso-date.js';
import { quoteInput } from '../errors.js';

export const SYMBOL_RULE = 'a ticker symbol: 1-15 characters, letters, digits, ".", "-", "^" or "=", starting with a letter (e.g. "AAPL"; case does not matter)';

/** SYMBOL_PATTERN with lower-case letters allowed too (JSON Schema patterns carry no flags). */
const ANY_CASE_SYMBOL = new RegExp(SYMBOL_PATTERN.source.replaceAll('A-Z', 'A-Za-z'));

/** A ticker in any case, read as upper case. maxLength first: a 500-character "symbol" is refused before the pattern runs. */
export const symbol = z.string()
  .max(15, { error: (issue) => `${quoteInput(String(issue.input), 40)} is not ${SYMBOL_RULE}` })
  .regex(ANY_CASE_SYMBOL, { error: (issue) => `${quoteInput(String(issue.input), 40)} is not ${SYMBOL_RULE}` })
  .transform((s) => s.toUpperCase())
  .meta({ description: 'Ticker symbol, case-insensitive (nvda = NVDA)', example: 'NVDA' });

export const symbolParams = z.strictObject({ symbol });

/** A query string that takes no parameters: unknown ones are a 400, not silently ignored. */
export const noQuery = z.strictObject({});

const DIGITS = /^\d{1,15}$/;

/** `?name=`: a whole number in plain decimal digits within min..max (default when absent). */
export function queryInteger(min: number, max: number, fallback: number) {
  const rule = `a whole number written in decimal digits from ${min} to ${max}`;
  const refused = (issue: { input?: unknown }) => Array.isArray(issue.input)
    ? `is given more than once; give it once, as ${rule}`
    : `must be ${rule}; got ${quoteInput(String(issue.input))}`;
  return z.string({ error: refused })
    .regex(DIGITS, { error: refused })
    .transform(Number)
    .pipe(z.number().int().min(min, { error: refused }).max(max, { error: refused }))
    .default(fallback)
    .meta({ description: `${rule} (default ${fallback})`, example: String(fallback) });
}

export const limitQuery = (fallback: number, max: number) => z.strictObject({ limit: queryInteger(1, max, fallback) });

/** A real calendar day, YYYY-MM-DD (2025-02-31 and 2023-02-29 do not exist). */
export const calendarDate = z.string({ error: 'is given more than once; give one date' })
  .refine(isIsoDate, { error: (issue) => `${quoteInput(String(issue.input))} is not a calendar date: expected YYYY-MM-DD with a real month and day (e.g. 2025-03-31)` })
  .meta({ format: 'date', example: '2025-03-31' });

/** `GET /predict/:symbol?asOf=YYYY-MM-DD`: an on-demand forecast from the bars up to that day. */
export const predictQuery = z.strictObject({ asOf: calendarDate.optional() });

/** `GET /incidents`: which status (default open), one symbol (`system`: the system-wide ones), how many. */
export const incidentsQuery = z.strictObject({
  status: z.enum(['open', 'resolved', 'all']).default('open'),
  symbol: z.union([z.literal('system'), symbol]).optional(),
  limit: queryInteger(1, 5000, 200),
});

/** `/assets/:name`: a dashboard asset name (never a path). */
export const assetParams = z.strictObject({
  name: z.string().max(64).regex(/^[a-z0-9][a-z0-9-]*\.(js|css|svg)$/, { error: 'is not a dashboard asset name (e.g. app.js)' }),
});
export const assetQuery = z.strictObject({ v: z.string().max(40).optional() });
