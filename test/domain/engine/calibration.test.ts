import { describe, expect, it } from 'vitest';
import { fitCalibration, upProbability } from '../../../domain/engine/calibration.js';
import { mulberry32 as createRng } from '../../../common/random.js';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe('P(up) calibration', () => {
  it('recovers a known P(up) as a function of the standardised signal', () => {
    // Truth: P(up) = σ(0.1 + 0.8·x); x uniform in [−2, 2].
    const rng = createRng(7);
    const truth = (x: number) => sigmoid(0.1 + 0.8 * x);
    const x: number[] = [];
    const up: boolean[] = [];
    for (let i = 0; i < 20000; i++) {
      const v = rng() * 4 - 2;
      x.push(v);
      up.push(rng() < truth(v));
    }
    const cal = fitCalibration(x, up);
    expect(cal.b).toBeCloseTo(0.8, 1);
    for (const v of [-2, -0.5, 0, 1, 2]) expect(upProbability(cal, v)).toBeCloseTo(truth(v), 1.5);
  });

  it('gives every day the base rate when the signal carries no information', () => {
    const rng = createRng(9);
    const x = Array.from({ length: 5000 }, () => rng() - 0.5);
    const up = x.map(() => rng() < 0.53);
    const cal = fitCalibration(x, up);
    expect(cal.b).toBe(0);
    expect(upProbability(cal, -0.4)).toBeCloseTo(cal.baseRate, 1);
    expect(upProbability(cal, 0.4)).toBeCloseTo(cal.baseRate, 1);
  });

  it('keeps a slope only with evidence for it: on 250-day samples of a signal without information, rarely', () => {
    const rng = createRng(12);
    let kept = 0;
    let keptWithoutTest = 0;
    for (let k = 0; k < 200; k++) {
      const x = Array.from({ length: 250 }, () => rng() * 4 - 2);
      const up = x.map(() => rng() < 0.53);
      if (fitCalibration(x, up).b > 0) kept++;
      if (fitCalibration(x, up, { evidence: 0 }).b > 0) keptWithoutTest++;
    }
    // A one-sided 5% test: about 10 of 200 (binomial sd ≈ 3); without it about half keep a slope.
    expect(kept).toBeLessThan(22);
    expect(keptWithoutTest).toBeGreaterThan(70);
  });

  it('never lowers P(up) for a more bullish signal (slope ≥ 0): an inverted relation flattens to the base rate', () => {
    const x = Array.from({ length: 400 }, (_, i) => (i - 200) / 100);
    const up = x.map((v, i) => (v < 0 ? i % 10 < 7 : i % 10 < 4));
    const cal = fitCalibration(x, up);
    expect(cal.b).toBe(0);
    expect(upProbability(cal, 1.5)).toBeCloseTo(cal.baseRate, 12);
    expect(() => fitCalibration([Number.NaN], [true])).toThrow(/x\[0\] must be finite, got NaN/);
  });
});
