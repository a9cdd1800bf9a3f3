/** Scoring helpers on plain arrays; every function is pure. */

export interface Interval {
  low: number;
  high: number;
}

/** Wilson score interval for k successes in n trials (z = 1.96 → 95%). */
export function wilsonInterval(k: number, n: number, z = 1.959964): Interval {
  if (n === 0) return { low: 0, high: 1 };
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export interface PriceErrors {
  /** Mean absolute percentage error as a fraction (0.02 = 2%). */
  mape: number;
  mae: number;
  rmse: number;
}

export function priceErrors(forecast: readonly number[], actual: readonly number[]): PriceErrors {
  const n = actual.length;
  if (n === 0) return { mape: Number.NaN, mae: Number.NaN, rmse: Number.NaN };
  let ape = 0;
  let ae = 0;
  let se = 0;
  if (forecast.length !== n) throw new RangeError(`priceErrors needs paired series, got ${forecast.length} forecasts and ${n} actuals`);
  for (let i = 0; i < n; i++) {
    const a = actual[i]!; // i < n, both of length n
    const e = forecast[i]! - a;
    ape += Math.abs(e / a);
    ae += Math.abs(e);
    se += e * e;
  }
  return { mape: ape / n, mae: ae / n, rmse: Math.sqrt(se / n) };
}

/** Mean squared difference between confidence and the 0/1 outcome. */
export function brierScore(confidence: readonly number[], correct: readonly boolean[]): number {
  if (confidence.length === 0) return Number.NaN;
  return confidence.reduce((s, p, i) => s + (p - (correct[i] ? 1 : 0)) ** 2, 0) / confidence.length;
}

/** Expected calibration error: equal-width bins on [0, 1], weighted |hit rate − mean confidence|. */
export function expectedCalibrationError(confidence: readonly number[], correct: readonly boolean[], bins = 10): number {
  const n = confidence.length;
  if (n === 0) return Number.NaN;
  const count = new Array<number>(bins).fill(0);
  const confSum = new Array<number>(bins).fill(0);
  const hitSum = new Array<number>(bins).fill(0);
  confidence.forEach((p, i) => {
    const b = Math.min(bins - 1, Math.max(0, Math.floor(p * bins)));
    // 0 ≤ b < bins, the length of all three arrays.
    count[b]!++;
    confSum[b]! += p;
    hitSum[b]! += correct[i] ? 1 : 0;
  });
  let ece = 0;
  count.forEach((c, b) => {
    if (c > 0) ece += (c / n) * Math.abs(hitSum[b]! / c - confSum[b]! / c);
  });
  return ece;
}

/** 1 − model error / baseline error (positive = better than the baseline); NaN when undefined. */
export function skill(modelError: number, baselineError: number): number {
  return baselineError > 0 ? 1 - modelError / baselineError : Number.NaN;
}
