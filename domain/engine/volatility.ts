/**
 * Conditional volatility of the next session's log return: GARCH(1,1) fitted by Gaussian maximum
 * likelihood (Nelder–Mead on unconstrained parameters), or EWMA (RiskMetrics λ = 0.94) when the
 * history is too short or the fit does not converge to a stationary model.
 *
 * σ at an origin depends on the last VOL_WINDOW returns only (the recursion starts from the
 * model's long-run variance there), so a forecast from a short tail of bars and one from the
 * whole history agree exactly.
 */
// Index access uses `!` in the GARCH likelihood and parameter map: indices are in range by construction of the loop bounds (hot loop, no extra checks).
import { nelderMead } from './nelder-mead.js';

/** Returns the recursion runs over before each forecast. */
export const VOL_WINDOW = 120;
/** Fewer returns than this: EWMA instead of a GARCH fit. */
export const MIN_GARCH_RETURNS = 250;
export const EWMA_LAMBDA = 0.94;

/** Parameters on returns in percent (r·100), as `arch` reports them. */
export interface GarchParams {
  omega: number;
  alpha: number;
  beta: number;
}

export type VolatilityState =
  | { kind: 'garch'; mean: number; params: GarchParams; n: number; logLikelihood: number }
  | { kind: 'ewma'; mean: number; lambda: number; variance: number; n: number; reason: string };

/** Fits the volatility model on log returns (oldest first). */
export function fitVolatility(returns: readonly number[]): VolatilityState {
  returns.forEach((r, i) => {
    if (!Number.isFinite(r)) throw new RangeError(`fitVolatility: returns[${i}] must be a finite log return, got ${r}`);
  });
  if (returns.length < 2) throw new RangeError(`fitVolatility needs at least 2 returns, got ${returns.length}`);
  const mean = returns.reduce((s, r) => s + r, 0) / returns.length;
  const pct = returns.map((r) => (r - mean) * 100);
  const variance = pct.reduce((s, e) => s + e * e, 0) / pct.length;
  const ewma = (reason: string): VolatilityState => ({ kind: 'ewma', mean, lambda: EWMA_LAMBDA, variance, n: returns.length, reason });
  if (returns.length < MIN_GARCH_RETURNS) return ewma(`${returns.length} returns < ${MIN_GARCH_RETURNS} for a GARCH fit`);
  const fit = fitGarch(pct);
  if (!fit) return ewma('GARCH(1,1) fit did not converge to a stationary model');
  return { kind: 'garch', mean, params: fit.params, n: returns.length, logLikelihood: fit.logLikelihood };
}

/**
 * Maximum-likelihood GARCH(1,1) on zero-mean percent returns. Parameterised so every point is
 * valid: ω = exp(u), persistence α+β = logistic(v) < 1, α = persistence·logistic(w).
 * Null when no start converges to a finite, stationary optimum.
 */
export function fitGarch(pct: readonly number[]): { params: GarchParams; logLikelihood: number } | null {
  const variance = pct.reduce((s, e) => s + e * e, 0) / pct.length;
  const toParams = ([u, v, w]: number[]): GarchParams => {
    const persistence = logistic(v!);
    const alpha = persistence * logistic(w!);
    return { omega: Math.exp(u!), alpha, beta: persistence - alpha };
  };
  const negLogLik = (x: number[]) => -garchLogLikelihood(toParams(x), pct, variance);
  let best: { x: number[]; f: number } | null = null;
  const starts: readonly (readonly [number, number])[] = [[0.95, 0.1], [0.9, 0.2], [0.8, 0.3]];
  for (const [persistence, alphaShare] of starts) {
    const omega = variance * (1 - persistence);
    const start = [Math.log(omega), logit(persistence), logit(alphaShare)];
    const r = nelderMead(negLogLik, start, { step: 0.5, maxIterations: 2000, tolerance: 1e-9 });
    if (Number.isFinite(r.f) && (!best || r.f < best.f)) best = r;
  }
  if (!best) return null;
  const params = toParams(best.x);
  if (!(params.alpha + params.beta < 0.9999) || !(params.omega > 0)) return null;
  return { params, logLikelihood: -best.f };
}

/** Gaussian log-likelihood of GARCH(1,1) on zero-mean returns, σ²₀ = the sample variance (as `arch` backcasts). */
export function garchLogLikelihood(p: GarchParams, pct: readonly number[], initialVariance: number): number {
  let h = initialVariance;
  let ll = 0;
  for (let t = 0; t < pct.length; t++) {
    if (t > 0) h = p.omega + p.alpha * pct[t - 1]! ** 2 + p.beta * h;
    if (!(h > 0) || !Number.isFinite(h)) return Number.NEGATIVE_INFINITY;
    ll += -0.5 * (Math.log(2 * Math.PI) + Math.log(h) + (pct[t]! * pct[t]!) / h);
  }
  return ll;
}

/** Long-run variance (percent²) the recursion starts from. */
export function longRunVariance(v: VolatilityState): number {
  if (v.kind === 'ewma') return v.variance;
  const { omega, alpha, beta } = v.params;
  return omega / (1 - alpha - beta);
}

/**
 * σ (as a log-return, not percent) of the return after the last of `recent` returns, from the
 * last VOL_WINDOW of them (fewer when fewer are given).
 */
export function nextSigma(v: VolatilityState, recent: readonly number[]): number {
  const window = recent.slice(Math.max(0, recent.length - VOL_WINDOW));
  let h = longRunVariance(v);
  for (const r of window) {
    const e2 = ((r - v.mean) * 100) ** 2;
    h = v.kind === 'garch' ? v.params.omega + v.params.alpha * e2 + v.params.beta * h : v.lambda * h + (1 - v.lambda) * e2;
  }
  return Math.sqrt(h) / 100;
}

/** One-step σ for every index i of `returns`: the forecast of returns[i] from returns before i. */
export function sigmaPath(v: VolatilityState, returns: readonly number[]): number[] {
  return returns.map((_, i) => nextSigma(v, returns.slice(Math.max(0, i - VOL_WINDOW), i)));
}

const logistic = (z: number) => 1 / (1 + Math.exp(-z));
const logit = (p: number) => Math.log(p / (1 - p));
