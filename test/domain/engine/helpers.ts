import type { PriceBar } from '../../../common/prices.js';
import { mulberry32 } from '../../../common/random.js';

/** Consecutive weekdays from `start` (holidays do not matter to the engine). */
export function weekdays(n: number, start = '2020-01-02'): string[] {
  const out: string[] = [];
  const d = new Date(`${start}T00:00:00Z`);
  while (out.length < n) {
    const wd = d.getUTCDay();
    if (wd !== 0 && wd !== 6) out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}

/** Seeded random walk with plausible OHLCV (daily vol ≈ `vol`). */
export function syntheticBars(n: number, seed = 1, opts: { vol?: number; drift?: number; start?: string; startPrice?: number } = {}): PriceBar[] {
  const rng = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(rng() + 1e-12)) * Math.cos(2 * Math.PI * rng());
  const vol = opts.vol ?? 0.02;
  let close = opts.startPrice ?? 100;
  return weekdays(n, opts.start).map((date) => {
    const open = close * Math.exp(0.3 * vol * normal());
    close = open * Math.exp((opts.drift ?? 0.0003) + vol * normal());
    const high = Math.max(open, close) * (1 + Math.abs(vol * 0.5 * normal()));
    const low = Math.min(open, close) * (1 - Math.abs(vol * 0.5 * normal()));
    return { date, open, high, low, close, adjClose: close, volume: Math.round(1e6 * (1 + rng())) };
  });
}

/** Bars from a list of closes (open = previous close, high/low = max/min of the two). */
export function barsFromCloses(closes: number[], start = '2020-01-02'): PriceBar[] {
  const dates = weekdays(closes.length, start);
  return closes.map((close, i) => {
    const open = closes[i - 1] ?? close;
    return { date: dates[i]!, open, high: Math.max(open, close), low: Math.min(open, close), close, adjClose: close, volume: 1000 + i };
  });
}

/** Small, fast training settings: ~420 bars, a 4-unit GRU, 2–3 epochs. */
export const TINY = {
  split: { lookback: 10, evalDays: 60, valDays: 80, minTrainDays: 150, minValDays: 60, minEvalDays: 40 },
  hyper: { gruUnits: 4, batchSize: 32, patience: 50 },
  trainedAt: '2025-01-01T00:00:00.000Z',
  log: () => {},
} as const;
