import { describe, expect, it } from 'vitest';
import { fitVolatility, nextSigma, sigmaPath, VOL_WINDOW } from '../../../domain/engine/volatility.js';
import { mulberry32 as createRng } from '../../../common/random.js';
import { at } from '../../helpers/at.js';

/** A GARCH(1,1) series in log-return units with parameters given for percent returns (as `arch` reports). */
function simulateGarch(n: number, p: { omega: number; alpha: number; beta: number }, seed: number): number[] {
  const rng = createRng(seed);
  const normal = () => Math.sqrt(-2 * Math.log(rng() + 1e-12)) * Math.cos(2 * Math.PI * rng());
  let h = p.omega / (1 - p.alpha - p.beta);
  let previous = 0;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0) h = p.omega + p.alpha * previous ** 2 + p.beta * h;
    previous = Math.sqrt(h) * normal();
    out.push(previous / 100);
  }
  return out;
}

describe('volatility model', () => {
  const truth = { omega: 0.05, alpha: 0.08, beta: 0.9 };
  const series = simulateGarch(5000, truth, 11);

  it('fits GARCH(1,1) by maximum likelihood with parameters near the true ones', () => {
    const v = fitVolatility(series.slice(0, 3000));
    expect(v.kind).toBe('garch');
    if (v.kind !== 'garch') return;
    expect(v.params.alpha).toBeGreaterThan(truth.alpha - 0.03);
    expect(v.params.alpha).toBeLessThan(truth.alpha + 0.03);
    expect(v.params.beta).toBeGreaterThan(truth.beta - 0.04);
    expect(v.params.beta).toBeLessThan(truth.beta + 0.04);
    expect(v.params.alpha + v.params.beta).toBeLessThan(1);
    // Long-run variance within 30% of the truth's (ω is poorly identified on its own).
    const longRun = v.params.omega / (1 - v.params.alpha - v.params.beta);
    expect(longRun / (truth.omega / (1 - truth.alpha - truth.beta))).toBeGreaterThan(0.7);
    expect(longRun / (truth.omega / (1 - truth.alpha - truth.beta))).toBeLessThan(1.3);
  });

  it('covers 80% of 2,000 later returns within ±3 points with a normal interval of the fitted σ', () => {
    const v = fitVolatility(series.slice(0, 3000));
    const sigmas = sigmaPath(v, series);
    const later = series.map((_, i) => i).slice(3000);
    expect(later).toHaveLength(2000);
    const inside = later.filter((i) => Math.abs(at(series, i) - v.mean) <= 1.281552 * at(sigmas, i)).length / later.length;
    expect(inside).toBeGreaterThan(0.77);
    expect(inside).toBeLessThan(0.83);
    // A constant σ covers the same share on average but not in calm and wild stretches alike: the
    // conditional σ must track the true one closely.
    let h = truth.omega / (1 - truth.alpha - truth.beta);
    const trueSigma = series.map((r, i) => {
      if (i > 0) h = truth.omega + truth.alpha * (at(series, i - 1) * 100) ** 2 + truth.beta * h;
      return Math.sqrt(h) / 100;
    });
    const corr = correlation(later.map((i) => at(sigmas, i)), later.map((i) => at(trueSigma, i)));
    expect(corr).toBeGreaterThan(0.9);
  });

  it('σ depends on the last VOL_WINDOW returns only (a short tail and the whole history agree)', () => {
    const v = fitVolatility(series.slice(0, 3000));
    expect(nextSigma(v, series.slice(0, 4000))).toBe(nextSigma(v, series.slice(4000 - VOL_WINDOW, 4000)));
  });

  it('falls back to EWMA on a short history, and says why', () => {
    const v = fitVolatility(series.slice(0, 100));
    expect(v).toMatchObject({ kind: 'ewma', lambda: 0.94, reason: '100 returns < 250 for a GARCH fit' });
    expect(nextSigma(v, series.slice(0, 100))).toBeGreaterThan(0);
  });

  it('rejects a non-finite return, naming it', () => {
    expect(() => fitVolatility([0.01, Number.NaN, 0.02])).toThrow(/returns\[1\] must be a finite log return, got NaN/);
  });
});

function correlation(a: number[], b: number[]): number {
  const ma = a.reduce((s, x) => s + x, 0) / a.length;
  const mb = b.reduce((s, x) => s + x, 0) / b.length;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += (at(a, i) - ma) * (at(b, i) - mb);
    aa += (at(a, i) - ma) ** 2;
    bb += (at(b, i) - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}
