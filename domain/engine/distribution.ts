/**
 * One predictive distribution of the next session's log return, and everything served derived
 * from it, so the parts of a forecast can never contradict each other:
 *   σ          conditional volatility (volatility.ts) at the origin;
 *   P(up)      calibrated on out-of-sample days from the standardised signal (calibration.ts);
 *   centre μ   = σ·Φ⁻¹(P(up)): the location at which the distribution gives P(up) to "up", so
 *              sign(μ) is the direction of the more likely side;
 *   intervals  μ ± q·σ with split-conformal q per level (intervals.ts), so low < μ < high;
 *   direction  the more likely side, or "none" when P(up) is within `band` of the base rate of
 *              up days (no directional information beyond the base rate) or exactly 0.5;
 *   confidence max(P(up), 1 − P(up)) ≥ 0.5: the calibrated probability the stated side is right.
 */
import { upProbability, type CalibrationState } from './calibration.js';
import { normalQuantile, type ConformalState, type ReturnInterval } from './intervals.js';

export type ForecastDirection = 'up' | 'down' | 'none';

/** Default half-width of the "no directional information" band around the base rate. */
export const DEFAULT_DIRECTION_BAND = 0.02;

export interface ReturnForecast {
  /** Ensemble signal (log return) and the conditional σ it is standardised by. */
  signal: number;
  sigma: number;
  pUp: number;
  /** Centre of the distribution, the log return of the expected close. */
  predictedReturn: number;
  direction: ForecastDirection;
  /** The more likely side even when `direction` is "none" (what direction accuracy scores). */
  lean: 'up' | 'down';
  confidence: number;
  /** Log-return intervals around `predictedReturn`. */
  intervals: { p80: ReturnInterval; p95: ReturnInterval };
}

export interface DistributionParts {
  calibration: CalibrationState;
  conformal: ConformalState;
  directionBand: number;
}

export function returnForecast(parts: DistributionParts, signal: number, sigma: number): ReturnForecast {
  if (!(sigma > 0) || !Number.isFinite(sigma)) throw new RangeError(`returnForecast: σ must be a positive number, got ${sigma}`);
  const pUp = upProbability(parts.calibration, signal / sigma);
  const mu = sigma * normalQuantile(pUp);
  const lean = pUp > 0.5 ? 'up' : 'down';
  const informative = pUp !== 0.5 && Math.abs(pUp - parts.calibration.baseRate) > parts.directionBand;
  const band = (q: number): ReturnInterval => ({ low: mu - Math.max(q, 1e-9) * sigma, high: mu + Math.max(q, 1e-9) * sigma });
  return {
    signal,
    sigma,
    pUp,
    predictedReturn: mu,
    direction: informative ? lean : 'none',
    lean,
    confidence: Math.max(pUp, 1 - pUp),
    intervals: { p80: band(parts.conformal.multipliers.p80), p95: band(parts.conformal.multipliers.p95) },
  };
}

/** A return interval as closes, from the last close. */
export const closeInterval = (lastClose: number, r: ReturnInterval): ReturnInterval => ({ low: lastClose * Math.exp(r.low), high: lastClose * Math.exp(r.high) });
