import { describe, expect, it } from 'vitest';
import { confidenceFor, fitCalibration } from '../../../domain/engine/calibration.js';
import { expectedCalibrationError } from '../../../domain/engine/metrics.js';
import { mulberry32 } from '../../../common/random.js';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe('calibration', () => {
  it('recovers a known P(direction right) as a function of forecast strength', () => {
    // Truth: P(right) = σ(−0.2 + 0.8·|r|/0.01); |r| uniform in [0, 0.02].
    const rng = mulberry32(7);
    const truth = (r: number) => sigmoid(-0.2 + (0.8 * Math.abs(r)) / 0.01);
    const pred: number[] = [];
    const right: boolean[] = [];
    for (let i = 0; i < 20000; i++) {
      const r = (rng() * 2 - 1) * 0.02;
      pred.push(r);
      right.push(rng() < truth(r));
    }
    const cal = fitCalibration(pred, right);
    for (const r of [0, 0.005, 0.01, -0.015, 0.02]) expect(confidenceFor(cal, r)).toBeCloseTo(truth(r), 1.5);

    // Fresh data from the same process: "70%" is right about 70% of the time.
    const testConf: number[] = [];
    const testRight: boolean[] = [];
    for (let i = 0; i < 20000; i++) {
      const r = (rng() * 2 - 1) * 0.02;
      testConf.push(confidenceFor(cal, r));
      testRight.push(rng() < truth(r));
    }
    expect(expectedCalibrationError(testConf, testRight)).toBeLessThan(0.02);
  });

  it('gives every forecast the base rate when strength carries no information', () => {
    const rng = mulberry32(9);
    const pred = Array.from({ length: 5000 }, () => rng() - 0.5);
    const right = pred.map(() => rng() < 0.53);
    const cal = fitCalibration(pred, right);
    expect(cal.b).toBeLessThan(0.1);
    expect(confidenceFor(cal, 0.001)).toBeCloseTo(0.53, 1);
    expect(confidenceFor(cal, 0.4)).toBeCloseTo(0.53, 1);
  });

  it('never lowers confidence for a stronger forecast (slope ≥ 0)', () => {
    // Stronger forecasts are *less* often right here: the fit must flatten, not invert.
    const pred = Array.from({ length: 400 }, (_, i) => (i + 1) / 400);
    const right = pred.map((p, i) => (p < 0.5 ? i % 10 < 7 : i % 10 < 4));
    const cal = fitCalibration(pred, right);
    expect(cal.b).toBe(0);
    expect(confidenceFor(cal, 0.9)).toBeCloseTo(confidenceFor(cal, 0.1), 12);
  });
});
