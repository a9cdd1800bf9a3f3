/**
 * Generic statistics for the skill tests (pure, no I/O): the normal and Student-t
 * distributions, the Newey–West (Bartlett) long-run variance, the Diebold–Mariano test with
 * the Harvey–Leybourne–Newbold correction, a two-sample test on HAC variances, the delta-method
 * variance of a ratio of means, and Holm's step-down correction.
 *
 * Every p-value here is one-sided for "the first quantity is larger" (in the skill tests: the
 * model's loss is larger, i.e. the model is worse), and is never NaN: degenerate inputs get
 * an explicit answer or an error naming the input.
 */

export function mean(xs: readonly number[]): number {
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}

/** Inverse standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239] as const;
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572] as const;
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783] as const;
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416] as const;
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms; relative error ~1e-15). */
function logGamma(x: number): number {
  const g = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7] as const;
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = g[0];
  for (let i = 1; i < g.length; i++) sum += g[i]! / (z + i); // i < g.length
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b) for x in [0, 1], a, b > 0. */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2)
    ? (front * betaContinuedFraction(x, a, b)) / a
    : 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

/** P(X ≤ k) for X ~ Binomial(n, p): the exact lower tail, I_{1−p}(n − k, k + 1). */
export function binomialLowerTail(k: number, n: number, p: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`binomial n must be a whole number ≥ 0, got ${n}`);
  if (!Number.isInteger(k)) throw new RangeError(`binomial k must be a whole number, got ${k}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`binomial p must be in [0, 1], got ${p}`);
  if (k < 0) return 0;
  if (k >= n) return 1;
  return regularizedBeta(1 - p, n - k, k + 1);
}

/** P(T > t) for Student's t with `df` (> 0, not necessarily whole) degrees of freedom; ±∞ allowed. */
export function studentTUpperTail(t: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`Student-t degrees of freedom must be positive, got ${df}`);
  if (Number.isNaN(t)) throw new RangeError('Student-t statistic is NaN');
  if (t === Infinity) return 0;
  if (t === -Infinity) return 1;
  const tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? tail : 1 - tail;
}

/**
 * The Newey–West lag rule used by every HAC variance here: L = ⌊4·(n/100)^(2/9)⌋, at most
 * n − 1 (n = 20 → 2, 41 → 3, 100 → 4, 250 → 4).
 */
export function neweyWestLag(n: number): number {
  return Math.max(0, Math.min(n - 1, Math.floor(4 * (n / 100) ** (2 / 9))));
}

/**
 * Long-run variance of a series (the variance of √n·mean under autocorrelation): Newey–West
 * with Bartlett weights, γ₀ + 2·Σₖ₌₁..L (1 − k/(L+1))·γₖ, γₖ = (1/n)·Σₜ (xₜ − x̄)(xₜ₋ₖ − x̄).
 * Never negative (the Bartlett kernel guarantees it).
 */
export function longRunVariance(xs: readonly number[], lag: number): number {
  const n = xs.length;
  const m = mean(xs);
  const autocovariance = (k: number) => {
    let sum = 0;
    for (let t = k; t < n; t++) sum += (xs[t]! - m) * (xs[t - k]! - m); // k ≤ t < n: in range
    return sum / n;
  };
  let variance = autocovariance(0);
  for (let k = 1; k <= lag; k++) variance += 2 * (1 - k / (lag + 1)) * autocovariance(k);
  return Math.max(0, variance);
}

export interface DieboldMarianoResult {
  n: number;
  /** Mean loss difference (model − baseline); > 0 means the model lost more. */
  mean: number;
  /** HLN-corrected DM statistic; ±Infinity when every difference is the same non-zero number. */
  statistic: number;
  /** One-sided P(a statistic this large | equal expected loss), from Student-t(n − 1). */
  pValue: number;
  lag: number;
  longRunVariance: number;
}

function checkSeries(xs: readonly number[], what: string, minLength: number): void {
  if (xs.length < minLength) throw new RangeError(`${what} needs at least ${minLength} values, got ${xs.length}`);
  xs.forEach((x, i) => {
    if (!Number.isFinite(x)) throw new RangeError(`${what}[${i}] must be a finite number, got ${x}`);
  });
}

/**
 * Diebold–Mariano test of "the model's expected loss is larger" on paired loss differences
 * dₜ = loss(model)ₜ − loss(baseline)ₜ of one-step-ahead forecasts:
 *   DM = d̄ / √(LRV/n), LRV the Newey–West long-run variance (lag rule `neweyWestLag` unless
 *   given), times the Harvey–Leybourne–Newbold factor √((n + 1 − 2h + h(h − 1)/n)/n) with
 *   horizon h = 1, i.e. √((n − 1)/n); p-value from Student-t with n − 1 degrees of freedom.
 * Degenerate (zero long-run variance, e.g. all differences equal): the statistic is +∞ with
 * p = 0 when the constant difference is positive, otherwise the model is not worse: statistic
 * −∞ (or 0 when all are 0) with p = 1.
 */
export function dieboldMariano(lossDifferences: readonly number[], options: { lag?: number } = {}): DieboldMarianoResult {
  checkSeries(lossDifferences, 'loss differences', 2);
  const n = lossDifferences.length;
  const lag = options.lag ?? neweyWestLag(n);
  if (!Number.isInteger(lag) || lag < 0 || lag >= n) throw new RangeError(`Diebold–Mariano lag must be an integer in [0, ${n - 1}], got ${lag}`);
  const d = mean(lossDifferences);
  const lrv = longRunVariance(lossDifferences, lag);
  const scale = Math.max(...lossDifferences.map(Math.abs));
  if (degenerate(lrv, scale)) {
    const sign = meanSign(d, scale);
    return { n, mean: d, statistic: sign > 0 ? Infinity : sign < 0 ? -Infinity : 0, pValue: sign > 0 ? 0 : 1, lag, longRunVariance: lrv };
  }
  const statistic = (d / Math.sqrt(lrv / n)) * Math.sqrt((n - 1) / n);
  return { n, mean: d, statistic, pValue: studentTUpperTail(statistic, n - 1), lag, longRunVariance: lrv };
}

/** A variance this small next to the data's scale is rounding noise around a constant series. */
function degenerate(variance: number, scale: number): boolean {
  return variance === 0 || Math.sqrt(variance) <= 1e-12 * scale;
}

function meanSign(value: number, scale: number): -1 | 0 | 1 {
  if (Math.abs(value) <= 1e-12 * scale) return 0;
  return value > 0 ? 1 : -1;
}

/** An estimate with the variance of its sampling error and the sessions it came from. */
export interface Estimate {
  estimate: number;
  variance: number;
  n: number;
}

export interface TwoSampleResult {
  difference: number;
  /** (a − b)/√(var a + var b); ±Infinity when both variances are zero and the estimates differ. */
  statistic: number;
  /** One-sided P(a statistic this large | a = b), Student-t with Welch–Satterthwaite df. */
  pValue: number;
  df: number;
}

/**
 * One-sided test of "a is larger than b" for two independent estimates with (HAC) variances:
 * t = (a − b)/√(vₐ + v_b), df = (vₐ + v_b)² / (vₐ²/(nₐ − 1) + v_b²/(n_b − 1)) (Welch–Satterthwaite).
 * Both variances zero: p = 0 when a > b, else 1.
 */
export function twoSampleGreater(a: Estimate, b: Estimate): TwoSampleResult {
  for (const [name, e] of [['first', a], ['second', b]] as const) {
    if (!Number.isFinite(e.estimate) || !Number.isFinite(e.variance) || e.variance < 0 || !(e.n >= 2)) {
      throw new RangeError(`two-sample test: the ${name} estimate needs a finite value, a finite variance ≥ 0 and n ≥ 2, got ${JSON.stringify(e)}`);
    }
  }
  const difference = a.estimate - b.estimate;
  const variance = a.variance + b.variance;
  const scale = Math.max(Math.abs(a.estimate), Math.abs(b.estimate));
  if (degenerate(variance, scale)) {
    const sign = meanSign(difference, scale);
    return { difference, statistic: sign > 0 ? Infinity : sign < 0 ? -Infinity : 0, pValue: sign > 0 ? 0 : 1, df: a.n + b.n - 2 };
  }
  const statistic = difference / Math.sqrt(variance);
  const df = variance ** 2 / (a.variance ** 2 / (a.n - 1) + b.variance ** 2 / (b.n - 1));
  return { difference, statistic, pValue: studentTUpperTail(statistic, df), df };
}

/**
 * R = mean(numerator)/mean(denominator) over paired series, with the delta-method variance of R:
 * LRV(zₜ)/n with zₜ = (numeratorₜ − R·denominatorₜ)/mean(denominator) and the Newey–West lag
 * rule. null when the denominator's mean is not positive (the ratio is undefined).
 */
export function ratioOfMeans(numerator: readonly number[], denominator: readonly number[]): Estimate | null {
  checkSeries(numerator, 'ratio numerator', 2);
  checkSeries(denominator, 'ratio denominator', 2);
  if (numerator.length !== denominator.length) throw new RangeError(`ratio of means needs paired series, got ${numerator.length} and ${denominator.length} values`);
  const n = numerator.length;
  const meanDenominator = mean(denominator);
  if (!(meanDenominator > 0)) return null;
  const ratio = mean(numerator) / meanDenominator;
  const linearised = numerator.map((x, t) => (x - ratio * denominator[t]!) / meanDenominator); // paired: same length
  return { estimate: ratio, variance: longRunVariance(linearised, neweyWestLag(n)) / n, n };
}

/**
 * Holm's step-down adjustment of a family of p-values (nulls are not part of the family and
 * stay null): sorted ascending, p₍ᵢ₎ × (m − i + 1), made monotone, capped at 1. Rejecting where
 * the adjusted p < α keeps the chance of any false breach in the family ≤ α.
 */
export function holmAdjust(pValues: readonly (number | null)[]): (number | null)[] {
  const present = pValues
    .map((p, index) => ({ p, index }))
    .filter((e): e is { p: number; index: number } => e.p !== null);
  for (const { p, index } of present) {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`p-value ${index} must be in [0, 1], got ${p}`);
  }
  present.sort((x, y) => x.p - y.p);
  const adjusted: (number | null)[] = pValues.map(() => null);
  const m = present.length;
  let running = 0;
  present.forEach(({ p, index }, i) => {
    running = Math.max(running, Math.min(1, (m - i) * p));
    adjusted[index] = running;
  });
  return adjusted;
}
