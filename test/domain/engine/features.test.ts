import { describe, expect, it } from 'vitest';
import { computeFeatures, FEATURE_COUNT, FEATURE_NAMES, FEATURE_WARMUP, nextDayLogReturns } from '../../../domain/engine/features.js';
import { barsFromCloses, syntheticBars } from './helpers.js';

describe('features', () => {
  const bars = syntheticBars(200, 3);

  it('has one row of FEATURE_COUNT finite numbers per bar from the warm-up on, null before', () => {
    const rows = computeFeatures(bars);
    expect(rows).toHaveLength(bars.length);
    expect(rows.slice(0, FEATURE_WARMUP).every((r) => r === null)).toBe(true);
    for (const r of rows.slice(FEATURE_WARMUP)) {
      expect(r).toHaveLength(FEATURE_COUNT);
      expect(r!.every(Number.isFinite)).toBe(true);
    }
    expect(FEATURE_NAMES).toHaveLength(FEATURE_COUNT);
  });

  it('computes returns and moving-average ratios as defined', () => {
    const closes = Array.from({ length: 60 }, (_, i) => 100 + i);
    const row = computeFeatures(barsFromCloses(closes))[59]!;
    const col = (name: string) => row[FEATURE_NAMES.indexOf(name as (typeof FEATURE_NAMES)[number])];
    expect(col('ret_1d')).toBeCloseTo(Math.log(159 / 158), 12);
    expect(col('ret_5d')).toBeCloseTo(Math.log(159 / 154), 12);
    expect(col('close_sma10')).toBeCloseTo(Math.log(159 / 154.5), 12);
    expect(col('close_sma50')).toBeCloseTo(Math.log(159 / 134.5), 12);
    expect(col('rsi_14')).toBeCloseTo(0.5, 12); // only gains: RSI 100, centred
  });

  it('is causal: changing bars after day t changes no feature at or before t', () => {
    const t = 120;
    const before = computeFeatures(bars);
    const changed = bars.map((b, i) => (i > t ? { ...b, close: b.close * 3, high: b.high * 3, low: b.low * 0.5, volume: b.volume * 50 } : b));
    const after = computeFeatures(changed);
    expect(after.slice(0, t + 1)).toEqual(before.slice(0, t + 1));
    expect(after[t + 1]).not.toEqual(before[t + 1]);
  });

  it('depends only on the last 50 bars, not on how much history is passed', () => {
    const full = computeFeatures(bars);
    const tail = computeFeatures(bars.slice(100));
    expect(tail[tail.length - 1]).toEqual(full[full.length - 1]);
  });

  it('targets are the next session log return; the last is unknown', () => {
    const y = nextDayLogReturns(barsFromCloses([100, 110, 99]));
    expect(y[0]).toBeCloseTo(Math.log(1.1), 12);
    expect(y[1]).toBeCloseTo(Math.log(0.9), 12);
    expect(y[2]).toBeNaN();
  });
});
