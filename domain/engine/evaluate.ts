import type { PriceBar } from '../../common/prices.js';
import { directionBaseline, isUp, persistenceErrors, PRIOR_SESSIONS } from './baselines.js';
import { buildSamples } from './dataset.js';
import { ensembleLookback, forecast, type EnsembleModel, type Forecast } from './ensemble.js';
import { InsufficientHistoryError } from './errors.js';
import { rollingStdInterval, ROLLING_STD_SESSIONS, scoreIntervals, type ReturnInterval } from './intervals.js';
import { usableHistory } from './history.js';
import { brierScore, expectedCalibrationError, priceErrors, skill, wilsonInterval } from './metrics.js';
import type { EvaluationReport } from './types.js';

export interface EvaluateOptions {
  /** First and last session to forecast (ISO dates, inclusive); default: every session possible. */
  from?: string;
  to?: string;
}

/**
 * Walk-forward evaluation of a saved or fresh model on any bars: for every session d in
 * [from, to] the model forecasts d from bars up to the session before d only (features are
 * causal and the model is not refitted), then the forecasts are scored against the actual
 * closes beside the persistence and naive-direction baselines on the same sessions.
 */
export function evaluateModel(model: EnsembleModel, bars: readonly PriceBar[], options: EvaluateOptions = {}): EvaluationReport {
  const { train, validation } = model.metadata.dataRange;
  // A served refit has seen every session through its last bar: scores there are not a holdout.
  const served = model.metadata.fits?.served;
  return evaluateSessions(model, bars, options, served ? { from: served.train.from, to: served.train.to } : { from: train.from, to: validation.to });
}

/** evaluateModel for a model whose metadata is still being built (training). */
export function evaluateSessions(
  model: Pick<EnsembleModel, 'state' | 'members'>,
  bars: readonly PriceBar[],
  options: EvaluateOptions,
  fitted: FittedSpan,
): EvaluationReport {
  const { usable, forecasts } = walkForward(model, bars, options);
  if (forecasts.length === 0) {
    throw new InsufficientHistoryError(model.state.symbol, 0, 1, `no session between ${options.from ?? 'the start'} and ${options.to ?? 'the end'} can be forecast (${usable.length} usable bars)`);
  }
  return scoreForecasts(model.state.symbol, usable, forecasts, fitted);
}

/**
 * The walk-forward forecasts of every session in [from, to], each from the usable bars up to
 * the session before (shared by evaluation, live scoring and the forecast charts).
 */
export function walkForward(
  model: Pick<EnsembleModel, 'state' | 'members'>,
  bars: readonly PriceBar[],
  range: EvaluateOptions = {},
): { usable: PriceBar[]; forecasts: Forecast[] } {
  const { symbol, listedSince } = model.state;
  const usable = usableHistory(bars, { symbol, listedSince }).bars;
  const samples = buildSamples(usable, ensembleLookback(model.members));
  const origins = samples.origins.filter((t) => {
    const next = usable[t + 1];
    if (!next) throw new RangeError(`evaluate: origin ${t} has no next bar (${usable.length} usable bars)`);
    const d = next.date;
    return (!range.from || d >= range.from) && (!range.to || d <= range.to);
  });
  return { usable, forecasts: origins.length ? forecast(model, samples, origins) : [] };
}

/** The sessions a model was fitted or calibrated on (train start through validation end). */
export interface FittedSpan {
  from: string;
  to: string;
}

/**
 * Scores forecasts made at the given origins against bars[origin + 1], beside the persistence
 * and naive-direction baselines (rule and base rate chosen on the PRIOR_SESSIONS before the
 * first scored session) and the rolling-std interval baseline. Interval metrics are in
 * log-return units (≈ a fraction of the close).
 */
export function scoreForecasts(symbol: string, bars: readonly PriceBar[], forecasts: readonly Forecast[], fitted: FittedSpan): EvaluationReport {
  const barAt = (t: number): PriceBar => {
    const bar = bars[t];
    if (!bar) throw new RangeError(`scoreForecasts(${symbol}): bar ${t} is outside the ${bars.length} bars given`);
    return bar;
  };
  const first = forecasts[0];
  const last = forecasts.at(-1);
  if (!first || !last) throw new RangeError(`scoreForecasts(${symbol}): no forecasts to score`);
  const returnAt = (t: number) => Math.log(barAt(t).close / barAt(t - 1).close);
  const today = forecasts.map((f) => barAt(f.origin).close);
  const actual = forecasts.map((f) => barAt(f.origin + 1).close);
  const nextReturns = forecasts.map((f) => returnAt(f.origin + 1));
  const todayReturns = forecasts.map((f) => returnAt(f.origin));
  const forecastClose = forecasts.map((f, i) => today[i]! * Math.exp(f.predictedReturn));
  const correct = forecasts.map((f, i) => (f.lean === 'up') === isUp(nextReturns[i]!));
  const confidence = forecasts.map((f) => f.confidence);
  const n = forecasts.length;
  const hits = correct.filter(Boolean).length;
  const stated = forecasts.map((f, i) => i).filter((i) => forecasts[i]!.direction !== 'none');
  const errors = priceErrors(forecastClose, actual);
  const persistence = persistenceErrors(today, actual);
  const firstOrigin = first.origin;
  const prior = Array.from({ length: Math.min(PRIOR_SESSIONS, firstOrigin) }, (_, k) => returnAt(firstOrigin - Math.min(PRIOR_SESSIONS, firstOrigin) + 1 + k));
  const direction = directionBaseline(todayReturns, nextReturns, prior);
  const brier = brierScore(confidence, correct);
  const baseRateBrier = Number.isFinite(direction.baseRate) ? brierScore(nextReturns.map(() => direction.baseRate), nextReturns.map(isUp)) : Number.NaN;
  const accuracy = hits / n;
  const from = barAt(first.origin + 1).date;
  const to = barAt(last.origin + 1).date;
  const returnsBefore = (t: number) => Array.from({ length: Math.min(ROLLING_STD_SESSIONS, t) }, (_, k) => returnAt(t - Math.min(ROLLING_STD_SESSIONS, t) + 1 + k));
  const rolling = forecasts.map((f) => returnsBefore(f.origin));
  const perLevel = (pick: (f: Forecast) => ReturnInterval, level: number) => scoreIntervals(forecasts.map(pick), nextReturns, level);
  return {
    symbol,
    range: { from, to, n },
    model: {
      directionAccuracy: accuracy,
      directionCi95: wilsonInterval(hits, n),
      statedShare: stated.length / n,
      statedAccuracy: stated.length ? stated.filter((i) => correct[i]).length / stated.length : null,
      ...errors,
      meanConfidence: confidence.reduce((s, c) => s + c, 0) / n,
      minConfidence: Math.min(...confidence),
      brier,
      baseRateBrier,
      brierSkill: skill(brier, baseRateBrier),
      ece: expectedCalibrationError(confidence, correct, 10),
      intervals: { p80: perLevel((f) => f.intervals.p80, 0.8), p95: perLevel((f) => f.intervals.p95, 0.95) },
    },
    baselines: {
      persistence,
      direction,
      rollingStd: {
        p80: scoreIntervals(rolling.map((r) => rollingStdInterval(r, 0.8)), nextReturns, 0.8),
        p95: scoreIntervals(rolling.map((r) => rollingStdInterval(r, 0.95)), nextReturns, 0.95),
      },
    },
    skill: {
      mape: skill(errors.mape, persistence.mape),
      mae: skill(errors.mae, persistence.mae),
      direction: skill(1 - accuracy, 1 - direction.accuracy),
    },
    // Any scored session inside the fitted span (not merely: starting before its end).
    overlapsTraining: from <= fitted.to && to >= fitted.from,
  };
}
