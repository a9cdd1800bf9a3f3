import type { PriceBar } from '../../common/prices.js';

/**
 * First session of the listed company for symbols whose early history is a blank-cheque
 * (SPAC) predecessor trading flat around its trust value. Bars before these dates are dropped.
 */
export const KNOWN_LISTINGS: Readonly<Record<string, string>> = {
  MP: '2020-11-17',
  AUR: '2021-11-04',
  SMR: '2022-05-03',
};

/** 20-day volatility of daily log returns below this is "flat" (a trust-value SPAC, not a stock). */
export const FLAT_VOLATILITY = 0.003;
const FLAT_WINDOW = 20;

export interface UsableHistory {
  bars: PriceBar[];
  /** Bars dropped from the front. */
  dropped: number;
  reason: 'full' | 'known-listing' | 'flat-stretch';
}

export interface UsableHistoryOptions {
  symbol: string;
  /**
   * The first real session, as decided before (a saved model's cut): authoritative — bars
   * before it are dropped and nothing else, so applying a cut again gives the same bars.
   */
  listedSince?: string;
}

/**
 * Drops a leading pre-listing stretch: bars before a known listing date, and, for any symbol,
 * a leading run whose rolling 20-day volatility stays below FLAT_VOLATILITY from the first bar
 * on. A stock that is calm somewhere later in its history is not affected: only a run that
 * starts at the first bar counts.
 */
export function usableHistory(bars: readonly PriceBar[], options: UsableHistoryOptions): UsableHistory {
  if (options.listedSince) {
    const cut = bars.findIndex((b) => b.date >= options.listedSince!);
    const start = cut === -1 ? bars.length : cut;
    return { bars: bars.slice(start), dropped: start, reason: start > 0 ? 'known-listing' : 'full' };
  }
  const listedSince = KNOWN_LISTINGS[options.symbol.toUpperCase()];
  let start = 0;
  let reason: UsableHistory['reason'] = 'full';
  if (listedSince) {
    while ((bars[start]?.date ?? listedSince) < listedSince) start++;
    if (start > 0) reason = 'known-listing';
  }
  const flatEnd = leadingFlatEnd(bars, start);
  if (flatEnd > start) {
    start = flatEnd;
    reason = 'flat-stretch';
  }
  return { bars: bars.slice(start), dropped: start, reason };
}

/** Index just after the leading flat run beginning at `from` (== from when there is none). */
function leadingFlatEnd(bars: readonly PriceBar[], from: number): number {
  let end = from;
  for (let t = from + FLAT_WINDOW; t < bars.length; t++) {
    const rets: number[] = [];
    for (let i = t - FLAT_WINDOW + 1; i <= t; i++) rets.push(Math.log(bars[i]!.close / bars[i - 1]!.close)); // from < i ≤ t < length
    const m = rets.reduce((a, b) => a + b, 0) / rets.length;
    const sd = Math.sqrt(rets.reduce((a, r) => a + (r - m) ** 2, 0) / (rets.length - 1));
    if (sd >= FLAT_VOLATILITY) break;
    end = t + 1;
  }
  return end;
}
