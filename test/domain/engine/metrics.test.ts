import { describe, expect, it } from 'vitest';
import { brierScore, expectedCalibrationError, priceErrors, skill, wilsonInterval } from '../../../domain/engine/metrics.js';

describe('metrics', () => {
  it('Wilson 95% interval matches published values', () => {
    const a = wilsonInterval(50, 100);
    expect(a.low).toBeCloseTo(0.4038, 4);
    expect(a.high).toBeCloseTo(0.5962, 4);
    const b = wilsonInterval(0, 10);
    expect(b.low).toBe(0);
    expect(b.high).toBeCloseTo(0.2775, 4);
    const c = wilsonInterval(81, 263);
    expect(c.low).toBeCloseTo(0.2553, 3);
    expect(c.high).toBeCloseTo(0.3662, 3);
    expect(wilsonInterval(0, 0)).toEqual({ low: 0, high: 1 });
  });

  it('Brier score and ECE on a hand-made set', () => {
    const conf = [0.9, 0.9, 0.6, 0.6];
    const correct = [true, false, true, true];
    expect(brierScore(conf, correct)).toBeCloseTo((0.01 + 0.81 + 0.16 + 0.16) / 4, 12);
    // bin 0.9: hit 0.5 vs 0.9 → 0.4; bin 0.6: hit 1 vs 0.6 → 0.4; each half the days.
    expect(expectedCalibrationError(conf, correct)).toBeCloseTo(0.4, 12);
    expect(expectedCalibrationError([0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7], [true, true, true, true, true, true, true, false, false, false])).toBeCloseTo(0, 12);
  });

  it('price errors and skill', () => {
    const e = priceErrors([110, 90], [100, 100]);
    expect(e).toEqual({ mape: 0.1, mae: 10, rmse: 10 });
    expect(skill(0.01, 0.02)).toBeCloseTo(0.5, 12);
    expect(skill(0.03, 0.02)).toBeCloseTo(-0.5, 12);
    expect(skill(1, 0)).toBeNaN();
  });
});
