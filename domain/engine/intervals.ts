/**
 * Prediction intervals for the next log return: split-conformal multipliers of the conditional σ,
 * fitted on out-of-sample standardised residuals, and the interval metrics (coverage per level,
 * mean width, Winkler interval score, pinball loss) with the rolling-standard-deviation baseline.
 */
import type { IntervalScoreSummary } from '../../common/wire/index.js';
// Index access uses `!` where indices are in range by construction of the loop bounds (hot loops: no extra checks).

/** Nominal levels served: 80% and 95%. */
export const INTERVAL_LEVELS = [0.8, 0.95] as const;
export type IntervalLevel = (typeof INTERVAL_LEVELS)[number];
export const levelKey = (level: number) => `p${Math.round(level * 100)}` as 'p80' | 'p95';

/** Sessions of the rolling-standard-deviation baseline. */
export const ROLLING_STD_SESSIONS = 250;

export interface ConformalState {
  kind: 'split-conformal';
  /** Multiplier of σ per level: the ⌈(n+1)·level⌉-th smallest |residual| / σ on the calibration slice. */
  multipliers: { p80: number; p95: number };
  n: number;
}

/** Split-conformal multipliers from out-of-sample |actual − centre| / σ. */
export function fitConformal(standardisedResiduals: readonly number[]): ConformalState {
  const abs = standardisedResiduals.map((e, i) => {
    if (!Number.isFinite(e)) throw new RangeError(`fitConformal: residual ${i} must be finite, got ${e}`);
    return Math.abs(e);
  }).sort((a, b) => a - b);
  const n = abs.length;
  if (n < 10) throw new RangeError(`fitConformal needs at least 10 out-of-sample residuals, got ${n}`);
  const q = (level: number) => abs[Math.min(n - 1, Math.ceil((n + 1) * level) - 1)]!;
  return { kind: 'split-conformal', multipliers: { p80: q(0.8), p95: q(0.95) }, n };
}

export interface ReturnInterval {
  low: number;
  high: number;
}


export function scoreIntervals(intervals: readonly ReturnInterval[], actual: readonly number[], level: number): IntervalScoreSummary {
  const n = actual.length;
  if (n !== intervals.length) throw new RangeError(`scoreIntervals: ${intervals.length} intervals for ${n} actual values`);
  const alpha = 1 - level;
  let inside = 0;
  let width = 0;
  let winkler = 0;
  let pinball = 0;
  for (let i = 0; i < n; i++) {
    const { low, high } = intervals[i]!;
    const y = actual[i]!;
    if (y >= low && y <= high) inside++;
    width += high - low;
    winkler += high - low + (2 / alpha) * (Math.max(0, low - y) + Math.max(0, y - high));
    pinball += (quantileLoss(y, low, alpha / 2) + quantileLoss(y, high, 1 - alpha / 2)) / 2;
  }
  return n
    ? { n, level, coverage: inside / n, meanWidth: width / n, intervalScore: winkler / n, pinball: pinball / n }
    : { n, level, coverage: Number.NaN, meanWidth: Number.NaN, intervalScore: Number.NaN, pinball: Number.NaN };
}

const quantileLoss = (y: number, q: number, tau: number) => (y >= q ? tau * (y - q) : (1 - tau) * (q - y));

/** z of the standard normal at probability p (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile needs 0 < p < 1, got ${p}`);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239] as const;
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572] as const;
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783] as const;
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416] as const;
  const tail = (q: number) => (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/**
 * The baseline: a centred normal interval with the standard deviation of the ROLLING_STD_SESSIONS
 * log returns before each session (fewer when fewer exist; NaN bounds with fewer than 2).
 * `priorReturns[i]` are the returns known before session i (oldest first).
 */
export function rollingStdInterval(priorReturns: readonly number[], level: number): ReturnInterval {
  const window = priorReturns.slice(Math.max(0, priorReturns.length - ROLLING_STD_SESSIONS));
  if (window.length < 2) return { low: Number.NaN, high: Number.NaN };
  const m = window.reduce((s, r) => s + r, 0) / window.length;
  const sd = Math.sqrt(window.reduce((s, r) => s + (r - m) ** 2, 0) / (window.length - 1));
  const z = normalQuantile(0.5 + level / 2);
  return { low: -z * sd, high: z * sd };
}
