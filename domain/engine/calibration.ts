/**
 * Confidence = P(predicted direction is right), as a logistic function of the forecast's
 * strength |r| / typicalMagnitude (Platt scaling, slope constrained ≥ 0 so a stronger
 * forecast never gets less confidence). Two parameters: stable on a few hundred validation
 * days, where isotonic regression would overfit its steps.
 */
export interface CalibrationState {
  kind: 'platt';
  /** Divides |predicted return| before the logistic (median |r| on the calibration slice). */
  scale: number;
  a: number;
  b: number;
  /** Days it was fitted on, and their hit rate. */
  n: number;
  hitRate: number;
}

const P_MIN = 0.01;
const P_MAX = 0.99;

/**
 * Fits p(correct) = σ(a + b·|r|/scale) by Newton's method on the log-likelihood with a small
 * ridge penalty (keeps it finite when the classes separate).
 */
export function fitCalibration(predicted: readonly number[], correct: readonly boolean[], l2 = 1e-3): CalibrationState {
  const n = predicted.length;
  if (n === 0 || n !== correct.length) throw new RangeError(`fitCalibration needs equal, non-empty inputs (got ${n} and ${correct.length})`);
  const mags = predicted.map((p) => Math.abs(p));
  const sorted = mags.slice().sort((p, q) => p - q);
  const scale = sorted[Math.floor(n / 2)] || 1;
  const x = mags.map((m) => m / scale);
  const y = correct.map((c): number => (c ? 1 : 0));
  const hitRate = y.reduce((s, v) => s + v, 0) / n;
  let a = logit(Math.min(P_MAX, Math.max(P_MIN, hitRate)));
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
      // Monotone constraint: refit the intercept alone with b = 0.
      b = 0;
      a = logit(Math.min(P_MAX, Math.max(P_MIN, hitRate)));
      break;
    }
    if (Math.abs(da) + Math.abs(db) < 1e-10) break;
  }
  return { kind: 'platt', scale, a, b, n, hitRate };
}

export function confidenceFor(c: CalibrationState, predictedReturn: number): number {
  return Math.min(P_MAX, Math.max(P_MIN, sigmoid(c.a + (c.b * Math.abs(predictedReturn)) / c.scale)));
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const logit = (p: number) => Math.log(p / (1 - p));
