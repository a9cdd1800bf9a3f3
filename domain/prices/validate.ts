/**
 * Validation at the boundary: every bar that enters the system from a file or a provider
 * passes through here once, so the rest of the code can trust `PriceBar`. A provider's bars
 * are also held to "not after today" and the plausibility rule (no 10^11× jumps).
 */

import { InvalidPriceDataError, type InvalidRow } from '../../common/errors.js';
import { type PlausibilityRule, type PriceBar } from '../../common/prices.js';
import { isIsoDate } from '../../common/iso-date.js';

/** A bar as read from outside: values may be null/NaN, and the reader may already know problems. */
export interface CandidateBar {
  date: string;
  open: number | null;
  high: number | null;
  low: number | null;
  close: number | null;
  adjClose: number | null;
  volume: number | null;
  /** 1-based line in the source file, when there is one. */
  line?: number;
  /** Problems the reader found itself (e.g. wrong column count); the row is invalid. */
  problems?: string[];
  /** Original text of fields that did not parse as numbers, for the error message. */
  rawText?: Partial<Record<PriceField, string>>;
}

export type PriceField = Exclude<keyof PriceBar, 'date'>;

export interface ValidationOptions {
  /**
   * Relative slack for high ≥ max(open, close) and low ≤ min(open, close): providers round
   * each field separately (Yahoo ships float32), so exact comparisons reject honest rows.
   */
  tolerance?: number;
  /** How to name fields in reasons, e.g. `{ adjClose: 'adj_close' }` for CSV input. */
  fieldNames?: Partial<Record<PriceField, string>>;
  /** "Today" (YYYY-MM-DD): a bar dated after it cannot exist yet. Default: no check. */
  latestDate?: string;
  /** Refuse implausible moves and adjustments (see `PlausibilityRule`). Default: no check. */
  plausibility?: PlausibilityRule;
}


export interface ValidationResult {
  bars: PriceBar[];
  invalid: InvalidRow[];
}

export const DEFAULT_PRICE_TOLERANCE = 1e-6;

const PRICE_FIELDS = ['open', 'high', 'low', 'close', 'adjClose'] as const;

/**
 * Splits rows into valid bars and `InvalidRow`s (symbol, date, line, why). Dates must be
 * strictly ascending: a row whose date is not after the latest valid date seen so far is
 * reported as a duplicate or out of order, and does not move that watermark.
 */
export function validateBars(
  symbol: string,
  rows: readonly CandidateBar[],
  options: ValidationOptions = {},
): ValidationResult {
  const tol = options.tolerance ?? DEFAULT_PRICE_TOLERANCE;
  const name = (f: PriceField) => options.fieldNames?.[f] ?? f;
  const bars: PriceBar[] = [];
  const invalid: InvalidRow[] = [];
  let lastDate: string | null = null;
  let lastLine: number | undefined;
  let previous: PriceBar | undefined;

  for (const row of rows) {
    const reasons = [...(row.problems ?? [])];

    if (!isIsoDate(row.date)) {
      reasons.push(`date ${JSON.stringify(row.date)} is not a valid YYYY-MM-DD date`);
    } else if (lastDate !== null && row.date <= lastDate) {
      const where = lastLine !== undefined ? ` on line ${lastLine}` : '';
      reasons.push(
        row.date === lastDate
          ? `duplicate date (already seen${where})`
          : `date out of order: not after ${lastDate}${where}`,
      );
    } else {
      lastDate = row.date;
      lastLine = row.line;
    }
    if (options.latestDate !== undefined && isIsoDate(row.date) && row.date > options.latestDate) {
      reasons.push(`dated after today (${options.latestDate}): a bar from the future`);
    }

    // A row the reader already found broken (wrong column count, an all-null Yahoo row) is
    // reported with that reason alone; per-field complaints would only repeat it.
    if (!row.problems?.length) checkValues(row, tol, name, reasons);
    if (reasons.length === 0 && options.plausibility) {
      reasons.push(...implausibilities(row as PriceBar, previous, options.plausibility, name));
    }

    if (reasons.length > 0) {
      invalid.push({
        symbol,
        date: row.date,
        ...(row.line !== undefined ? { line: row.line } : {}),
        reason: reasons.join('; '),
      });
    } else {
      previous = {
        date: row.date,
        open: row.open as number,
        high: row.high as number,
        low: row.low as number,
        close: row.close as number,
        adjClose: row.adjClose as number,
        volume: row.volume as number,
      };
      bars.push(previous);
    }
  }
  return { bars, invalid };
}

/** `validateBars`, throwing `InvalidPriceDataError` (naming `where`) when any row is bad. */
export function assertValidBars(
  symbol: string,
  where: string,
  rows: readonly CandidateBar[],
  options?: ValidationOptions,
): PriceBar[] {
  const { bars, invalid } = validateBars(symbol, rows, options);
  if (invalid.length > 0) throw new InvalidPriceDataError(symbol, where, invalid);
  return bars;
}

function checkValues(
  row: CandidateBar,
  tol: number,
  name: (f: PriceField) => string,
  reasons: string[],
): void {
  for (const f of PRICE_FIELDS) {
    const problem = describeBadNumber(row[f], row.rawText?.[f], { positive: true });
    if (problem) reasons.push(`${name(f)} ${problem}`);
  }
  const volumeProblem = describeBadNumber(row.volume, row.rawText?.volume, { positive: false });
  if (volumeProblem) reasons.push(`${name('volume')} ${volumeProblem}`);

  const { open, high, low, close } = row;
  if (isPositive(open) && isPositive(high) && isPositive(low) && isPositive(close)) {
    if (high < low) {
      reasons.push(`high ${high} < low ${low}`);
    } else {
      if (high < Math.max(open, close) * (1 - tol)) {
        reasons.push(`high ${high} < max(open, close) ${Math.max(open, close)}`);
      }
      if (low > Math.min(open, close) * (1 + tol)) {
        reasons.push(`low ${low} > min(open, close) ${Math.min(open, close)}`);
      }
    }
  }
}

/**
 * Why an otherwise valid bar is too implausible to be real: compared with the previous valid
 * bar (a refused bar never becomes the reference, so one bad spike is one bad row).
 */
function implausibilities(
  bar: PriceBar,
  previous: PriceBar | undefined,
  rule: PlausibilityRule,
  name: (f: PriceField) => string,
): string[] {
  const reasons: string[] = [];
  const limit = `the limit is ${rule.maxSessionMove}× either way (plausibility rule maxSessionMove)`;
  if (previous) {
    for (const f of ['close', 'adjClose'] as const) {
      const factor = moveFactor(bar[f], previous[f]);
      if (factor > rule.maxSessionMove) {
        reasons.push(`${name(f)} ${bar[f]} is ${formatFactor(factor)}× ${bar[f] > previous[f] ? 'above' : 'below'} the previous session's ${previous[f]} (${previous.date}); ${limit}`);
      }
    }
  }
  if (bar.high / bar.low > rule.maxSessionMove) {
    reasons.push(`high ${bar.high} is ${formatFactor(bar.high / bar.low)}× the low ${bar.low} within the session; ${limit}`);
  }
  const adjRatio = bar.adjClose / bar.close;
  if (adjRatio > rule.maxAdjCloseRatio) {
    reasons.push(`${name('adjClose')} ${bar.adjClose} is ${formatFactor(adjRatio)}× the close ${bar.close}; the limit is ${rule.maxAdjCloseRatio}× (plausibility rule maxAdjCloseRatio; dividends only lower it)`);
  }
  return reasons;
}

function moveFactor(value: number, previous: number): number {
  return value >= previous ? value / previous : previous / value;
}

function formatFactor(factor: number): string {
  return factor < 1000 ? String(Number(factor.toPrecision(3))) : factor.toExponential(1);
}

function isPositive(v: number | null): v is number {
  return v !== null && Number.isFinite(v) && v > 0;
}

function describeBadNumber(
  v: number | null,
  raw: string | undefined,
  { positive }: { positive: boolean },
): string | null {
  if (v === null) return raw === '' ? 'is empty' : 'is missing (null)';
  if (Number.isNaN(v)) return raw !== undefined && raw !== 'NaN' ? `is not a number: ${JSON.stringify(raw)}` : 'is NaN';
  if (!Number.isFinite(v)) return `is ${v}`;
  if (positive && v <= 0) return `is ${v}, must be positive`;
  if (!positive && v < 0) return `is ${v}, must be ≥ 0`;
  return null;
}
