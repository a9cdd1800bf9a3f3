import { describe, expect, it } from 'vitest';
import {
  dieboldMariano, holmAdjust, longRunVariance, neweyWestLag, normalQuantile, ratioOfMeans, studentTUpperTail, twoSampleGreater,
} from '../../../domain/judgement/index.js';

describe('Student-t upper tail', () => {
  it('matches the closed forms for 1, 2 and 4 degrees of freedom', () => {
    for (const t of [-3, -0.5, 0, 0.7, 2, 10]) {
      expect(studentTUpperTail(t, 1)).toBeCloseTo(0.5 - Math.atan(t) / Math.PI, 12); // Cauchy
      expect(studentTUpperTail(t, 2)).toBeCloseTo(0.5 - t / (2 * Math.sqrt(2 + t * t)), 12);
      // ν = 4: F(t) = 1/2 + (3/8)·u·(1 − u²/12), u = t/√(1 + t²/4)
      const u = t / Math.sqrt(1 + (t * t) / 4);
      expect(studentTUpperTail(t, 4)).toBeCloseTo(0.5 - (3 / 8) * u * (1 - (u * u) / 12), 12);
    }
  });

  it('approaches the normal tail for many degrees of freedom, and handles ±∞', () => {
    expect(studentTUpperTail(normalQuantile(0.95), 1e6)).toBeCloseTo(0.05, 5);
    expect(studentTUpperTail(Infinity, 5)).toBe(0);
    expect(studentTUpperTail(-Infinity, 5)).toBe(1);
    expect(() => studentTUpperTail(1, 0)).toThrow(/degrees of freedom must be positive, got 0/);
  });
});

describe('Newey–West long-run variance', () => {
  // d = [1, −1, 2, 0, 3]: mean 1, deviations e = [0, −2, 1, −1, 2]
  // γ₀ = (0 + 4 + 1 + 1 + 4)/5 = 2
  // γ₁ = (e₂e₁ + e₃e₂ + e₄e₃ + e₅e₄)/5 = (0 − 2 − 1 − 2)/5 = −1
  // γ₂ = (e₃e₁ + e₄e₂ + e₅e₃)/5 = (0 + 2 + 2)/5 = 0.8
  const d = [1, -1, 2, 0, 3];

  it('weights the autocovariances with Bartlett weights 1 − k/(L+1)', () => {
    expect(longRunVariance(d, 0)).toBeCloseTo(2, 12);
    expect(longRunVariance(d, 1)).toBeCloseTo(2 + 2 * (1 / 2) * -1, 12); // 1
    expect(longRunVariance(d, 2)).toBeCloseTo(2 + 2 * (2 / 3) * -1 + 2 * (1 / 3) * 0.8, 12); // 1.2
  });

  it('uses the lag rule ⌊4·(n/100)^(2/9)⌋, below n', () => {
    expect([2, 20, 41, 100, 250, 1000].map(neweyWestLag)).toEqual([1, 2, 3, 4, 4, 6]);
  });
});

describe('Diebold–Mariano', () => {
  it('gives the hand-computed statistic and p-value', () => {
    // d̄ = 1, LRV(lag 1) = 1 (above): DM = 1/√(1/5) = √5; HLN × √((5−1)/5) = √5·√0.8 = 2.
    // p = P(T₄ > 2) = 1/2 − (3/8)·√2·(1 − 2/12) = 0.0580583
    const r = dieboldMariano([1, -1, 2, 0, 3], { lag: 1 });
    expect(r.n).toBe(5);
    expect(r.mean).toBe(1);
    expect(r.longRunVariance).toBeCloseTo(1, 12);
    expect(r.statistic).toBeCloseTo(2, 12);
    expect(r.pValue).toBeCloseTo(0.5 - (3 / 8) * Math.SQRT2 * (1 - 2 / 12), 10);
    expect(r.pValue).toBeCloseTo(0.0580583, 6);
  });

  it('is one-sided: a model that loses less gets a large p-value', () => {
    const r = dieboldMariano([-1, 1, -2, 0, -3], { lag: 1 });
    expect(r.statistic).toBeCloseTo(-2, 12);
    expect(r.pValue).toBeCloseTo(1 - 0.0580583, 6);
  });

  it('defaults to the Newey–West lag rule', () => {
    const d = Array.from({ length: 41 }, (_, i) => Math.sin(i) + 0.2);
    expect(dieboldMariano(d).lag).toBe(3);
    expect(dieboldMariano(d).statistic).toBeCloseTo(dieboldMariano(d, { lag: 3 }).statistic, 12);
  });

  it('answers degenerate (constant) differences explicitly, never NaN', () => {
    expect(dieboldMariano([0.02, 0.02, 0.02])).toMatchObject({ statistic: Infinity, pValue: 0 });
    expect(dieboldMariano([-0.1, -0.1, -0.1])).toMatchObject({ statistic: -Infinity, pValue: 1 });
    expect(dieboldMariano([0, 0, 0, 0])).toMatchObject({ statistic: 0, pValue: 1 });
  });

  it('refuses bad input with what and where', () => {
    expect(() => dieboldMariano([1])).toThrow(/loss differences needs at least 2 values, got 1/);
    expect(() => dieboldMariano([1, Number.NaN, 2])).toThrow(/loss differences\[1\] must be a finite number, got NaN/);
    expect(() => dieboldMariano([1, 2, 3], { lag: 3 })).toThrow(/lag must be an integer in \[0, 2\], got 3/);
  });
});

describe('two-sample test and ratio of means', () => {
  it('gives the hand-computed Welch test', () => {
    // difference 1, variance 0.5 + 0.5 → t = 1; df = 1²/(0.25/1 + 0.25/1) = 2; P(T₂ > 1) = 1/2 − 1/(2√3)
    const r = twoSampleGreater({ estimate: 1, variance: 0.5, n: 2 }, { estimate: 0, variance: 0.5, n: 2 });
    expect(r.statistic).toBeCloseTo(1, 12);
    expect(r.df).toBeCloseTo(2, 12);
    expect(r.pValue).toBeCloseTo(0.5 - 1 / (2 * Math.sqrt(3)), 10);
  });

  it('answers zero variances explicitly and refuses nonsense', () => {
    expect(twoSampleGreater({ estimate: 0.2, variance: 0, n: 5 }, { estimate: 0.1, variance: 0, n: 5 })).toMatchObject({ pValue: 0, statistic: Infinity });
    expect(twoSampleGreater({ estimate: 0.1, variance: 0, n: 5 }, { estimate: 0.1, variance: 0, n: 5 })).toMatchObject({ pValue: 1, statistic: 0 });
    expect(twoSampleGreater({ estimate: 0, variance: 0.01, n: 5 }, { estimate: 0, variance: 0.01, n: 5 }).pValue).toBeCloseTo(0.5, 12);
    expect(() => twoSampleGreater({ estimate: 0, variance: -1, n: 5 }, { estimate: 0, variance: 0, n: 5 })).toThrow(/first estimate needs/);
  });

  it('gives the delta-method variance of a ratio of means', () => {
    // R = mean[2, 4]/mean[1, 3] = 1.5; z = ((2 − 1.5)/2, (4 − 4.5)/2) = (0.25, −0.25); lag rule for n = 2 is 1:
    // LRV = γ₀ + 2·½·γ₁ = 0.0625 − 0.03125 = 0.03125; variance of R = 0.03125/2
    const r = ratioOfMeans([2, 4], [1, 3])!;
    expect(r.estimate).toBeCloseTo(1.5, 12);
    expect(r.variance).toBeCloseTo(0.015625, 12);
    expect(ratioOfMeans([1, 2], [0, 0])).toBeNull();
    expect(() => ratioOfMeans([1, 2, 3], [1, 2])).toThrow(/paired series, got 3 and 2 values/);
  });
});

describe('Holm', () => {
  it('adjusts step-down and keeps nulls out of the family', () => {
    // m = 3: sorted 0.01·3 = 0.03; 0.03·2 = 0.06; 0.04·1 = 0.04 → monotone 0.06
    expect(holmAdjust([0.01, 0.04, 0.03, null])).toEqual([0.03, 0.06, 0.06, null]);
    expect(holmAdjust([0.5, 0.4])).toEqual([0.8, 0.8]);
    expect(holmAdjust([0.9, 0.001])[0]).toBe(0.9);
    expect(holmAdjust([])).toEqual([]);
    expect(() => holmAdjust([1.2])).toThrow(/p-value 0 must be in \[0, 1\], got 1.2/);
  });
});
