/**
 * P(next return > 0) as a logistic function of the ensemble's standardised signal
 * x = signal / σ (Platt scaling on the signed signal, slope constrained ≥ 0 so a more bullish
 * signal never gets a lower probability of "up"). Two parameters: stable on a few hundred
 * out-of-sample days, where isotonic regression would overfit its steps. The intercept carries
 * the base rate of up days, so a signal without information gives every day the base rate.
 * The slope is kept only when the data show it: a one-sided likelihood-ratio test against the
 * base rate alone (default 5%); otherwise every day gets the base rate — a few hundred days
 * of a near-random signal otherwise fit a slope that makes the forecast worse than the base rate.
 */
export interface CalibrationState {
  kind: 'up-probability';
  a: number;
  b: number;
  /** Out-of-sample days it was fitted on, and their share of up days. */
  n: number;
  baseRate: number;
}

/** χ²₁ at 0.90: a one-sided 5% test of slope > 0. */
export const SLOPE_EVIDENCE = 2.7055;

const P_MIN = 0.01;
const P_MAX = 0.99;

/**
 * Fits P(up) = σ(a + b·x) by Newton's method on the log-likelihood with a small ridge penalty
 * (keeps it finite when the classes separate). `x` are standardised signals, `up` the outcomes.
 */
export function fitCalibration(x: readonly number[], up: readonly boolean[], options: { l2?: number; evidence?: number } = {}): CalibrationState {
  const l2 = options.l2 ?? 1e-3;
  const evidence = options.evidence ?? SLOPE_EVIDENCE;
  const n = x.length;
  if (n === 0 || n !== up.length) throw new RangeError(`fitCalibration needs equal, non-empty inputs (got ${n} and ${up.length})`);
  x.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new RangeError(`fitCalibration: x[${i}] must be finite, got ${v}`);
  });
  const y = up.map((c): number => (c ? 1 : 0));
  const baseRate = y.reduce((s, v) => s + v, 0) / n;
  const intercept = logit(Math.min(P_MAX, Math.max(P_MIN, baseRate)));
  let a = intercept;
  let b = 0;
  for (let iter = 0; iter < 100; iter++) {
    let ga = -l2 * a;
    let gb = -l2 * b;
    let haa = l2;
    let hab = 0;
    let hbb = l2;
    for (let i = 0; i < n; i++) {
      const [xi, yi] = [x[i]!, y[i]!]; // i < n = length of both
      const p = sigmoid(a + b * xi);
      const w = p * (1 - p);
      ga += yi - p;
      gb += (yi - p) * xi;
      haa += w;
      hab += w * xi;
      hbb += w * xi * xi;
    }
    const det = haa * hbb - hab * hab;
    if (!(det > 0)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a += da;
    b += db;
    if (b < 0) {
      // Monotone constraint: the intercept alone (the base rate) with b = 0.
      b = 0;
      a = intercept;
      break;
    }
    if (Math.abs(da) + Math.abs(db) < 1e-10) break;
  }
  if (b > 0 && 2 * (logLikelihood(x, y, a, b) - logLikelihood(x, y, intercept, 0)) < evidence) {
    a = intercept;
    b = 0;
  }
  return { kind: 'up-probability', a, b, n, baseRate };
}

/** Calibrated P(up) for a standardised signal, clamped to [0.01, 0.99]. */
export function upProbability(c: CalibrationState, x: number): number {
  return Math.min(P_MAX, Math.max(P_MIN, sigmoid(c.a + c.b * x)));
}

function logLikelihood(x: readonly number[], y: readonly number[], a: number, b: number): number {
  let ll = 0;
  // Hot loop of the fit: i < x.length by the loop bound (`!`, no per-element check).
  for (let i = 0; i < x.length; i++) {
    const p = Math.min(1 - 1e-12, Math.max(1e-12, sigmoid(a + b * x[i]!)));
    ll += y[i] ? Math.log(p) : Math.log(1 - p);
  }
  return ll;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const logit = (p: number) => Math.log(p / (1 - p));
