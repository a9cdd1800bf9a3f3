import { describe, expect, it } from 'vitest';
import { fitConformal, normalQuantile, rollingStdInterval, scoreIntervals } from '../../../domain/engine/intervals.js';

describe('prediction intervals', () => {
  it('split-conformal multipliers are the ⌈(n+1)·level⌉-th smallest |residual|', () => {
    // |e| = 0.1, 0.2, …, 1.9 (n = 19): 80% → the 16th (1.6), 95% → the 19th (1.9).
    const residuals = Array.from({ length: 19 }, (_, i) => (i % 2 ? -1 : 1) * (i + 1) / 10);
    const c = fitConformal(residuals);
    expect(c.multipliers.p80).toBeCloseTo(1.6, 12);
    expect(c.multipliers.p95).toBeCloseTo(1.9, 12);
    expect(c.n).toBe(19);
    expect(() => fitConformal([1, 2, 3])).toThrow(/at least 10 out-of-sample residuals, got 3/);
  });

  it('scores coverage, width, Winkler score and pinball loss on hand-made values', () => {
    const intervals = [{ low: -1, high: 1 }, { low: -1, high: 1 }, { low: 0, high: 2 }, { low: 0, high: 2 }];
    const actual = [0, 3, 1, -1];
    const s = scoreIntervals(intervals, actual, 0.8);
    expect(s.coverage).toBe(0.5);
    expect(s.meanWidth).toBe(2);
    // Winkler: 2, 2 + 10·2, 2, 2 + 10·1 → mean 9.5 (2/α = 10).
    expect(s.intervalScore).toBeCloseTo(9.5, 12);
    // Pinball at τ = 0.1 (low) and 0.9 (high), averaged over the two bounds:
    // (0.1·1 + 0.1·1)/2, (0.1·4 + 0.9·2)/2, (0.1·1 + 0.1·1)/2, (0.9·1 + 0.1·3)/2 → mean of 0.1, 1.1, 0.1, 0.6.
    expect(s.pinball).toBeCloseTo((0.1 + 1.1 + 0.1 + 0.6) / 4, 12);
  });

  it('the rolling-std baseline is a centred normal interval of the prior returns’ sd', () => {
    const prior = Array.from({ length: 300 }, (_, i) => (i % 2 ? 0.01 : -0.01));
    const i80 = rollingStdInterval(prior, 0.8);
    const sd = Math.sqrt((250 * 0.0001) / 249);
    expect(i80.high).toBeCloseTo(1.281552 * sd, 6);
    expect(i80.low).toBeCloseTo(-i80.high, 12);
    expect(rollingStdInterval([0.01], 0.8).low).toBeNaN();
  });

  it('normalQuantile inverts the normal CDF', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.9)).toBeCloseTo(1.2815516, 6);
    expect(normalQuantile(0.025)).toBeCloseTo(-1.959964, 6);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
  });
});
