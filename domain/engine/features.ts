import type { PriceBar } from '../../common/prices.js';

/**
 * Features from OHLCV only. Every feature at day t is a function of bars t-50..t alone
 * (simple, not exponential, averages), so it is strictly causal and does not depend on how
 * much earlier history the caller passes in.
 */
export const FEATURE_NAMES = [
  'ret_1d', 'ret_5d', 'ret_10d', 'ret_20d',
  'vol_5d', 'vol_20d',
  'close_sma10', 'close_sma20', 'close_sma50', 'sma10_sma50',
  'rsi_14', 'volume_z20',
  'high_low_range', 'close_location', 'gap', 'intraday',
] as const;

export const FEATURE_COUNT = FEATURE_NAMES.length;

/** Index of the first bar with every feature defined (SMA50 needs 50 closes). */
export const FEATURE_WARMUP = 49;

/**
 * Feature rows aligned with `bars`; rows before FEATURE_WARMUP are null.
 * Row layout follows FEATURE_NAMES.
 */
export function computeFeatures(bars: readonly PriceBar[]): (number[] | null)[] {
  const n = bars.length;
  const close = bars.map((b) => b.close);
  const ret = close.map((c, i) => (i === 0 ? 0 : Math.log(c / close[i - 1]!))); // i ≥ 1
  const logVol = bars.map((b) => Math.log1p(Math.max(0, b.volume)));
  const out: (number[] | null)[] = new Array(n).fill(null);
  // FEATURE_WARMUP ≤ t < n and every look-back below is shorter than the warm-up: all in range.
  for (let t = FEATURE_WARMUP; t < n; t++) {
    const b = bars[t]!;
    const c = close[t]!;
    const sma10 = mean(close, t - 9, t);
    const sma50 = mean(close, t - 49, t);
    const range = b.high - b.low;
    out[t] = [
      ret[t]!,
      Math.log(c / close[t - 5]!),
      Math.log(c / close[t - 10]!),
      Math.log(c / close[t - 20]!),
      std(ret, t - 4, t),
      std(ret, t - 19, t),
      Math.log(c / sma10),
      Math.log(c / mean(close, t - 19, t)),
      Math.log(c / sma50),
      Math.log(sma10 / sma50),
      rsi(ret, t, 14),
      zScore(logVol, t, 20),
      Math.log(b.high / b.low),
      range > 0 ? (c - b.low) / range - 0.5 : 0,
      Math.log(b.open / close[t - 1]!),
      Math.log(c / b.open),
    ];
  }
  return out;
}

/** Next-session log return for each bar; NaN for the last bar (its target is unknown). */
export function nextDayLogReturns(bars: readonly PriceBar[]): number[] {
  return bars.map((b, t) => {
    const next = bars[t + 1];
    return next ? Math.log(next.close / b.close) : Number.NaN;
  });
}

// The window helpers below are called with 0 ≤ from ≤ to < xs.length (see computeFeatures).
function mean(xs: readonly number[], from: number, to: number): number {
  let s = 0;
  for (let i = from; i <= to; i++) s += xs[i]!;
  return s / (to - from + 1);
}

function std(xs: readonly number[], from: number, to: number): number {
  const m = mean(xs, from, to);
  let s = 0;
  for (let i = from; i <= to; i++) s += (xs[i]! - m) ** 2;
  return Math.sqrt(s / (to - from));
}

/** Cutler's RSI (simple averages of gains and losses over `period` returns), centred: RSI/100 − 0.5. */
function rsi(ret: readonly number[], t: number, period: number): number {
  let gain = 0;
  let loss = 0;
  for (let i = t - period + 1; i <= t; i++) {
    const r = ret[i]!;
    if (r > 0) gain += r;
    else loss -= r;
  }
  if (gain + loss === 0) return 0;
  return gain / (gain + loss) - 0.5;
}

function zScore(xs: readonly number[], t: number, window: number): number {
  const sd = std(xs, t - window + 1, t);
  return sd > 0 ? (xs[t]! - mean(xs, t - window + 1, t)) / sd : 0;
}
