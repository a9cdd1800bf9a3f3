import type * as tf from '@tensorflow/tfjs';
import type { PriceBar } from '../../common/prices.js';
import { directionBaseline, isUp, persistenceErrors } from './baselines.js';
import { buildSamples } from './dataset.js';
import { forecast, type EnsembleModel, type EnsembleState, type Forecast } from './ensemble.js';
import { InsufficientHistoryError } from './errors.js';
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
  return evaluateSessions(model, bars, options, { from: train.from, to: validation.to });
}

/** evaluateModel for a model whose metadata is still being built (training). */
export function evaluateSessions(
  model: { state: EnsembleState; network: tf.LayersModel },
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
  model: { state: EnsembleState; network: tf.LayersModel },
  bars: readonly PriceBar[],
  range: EvaluateOptions = {},
): { usable: PriceBar[]; forecasts: Forecast[] } {
  const { symbol, listedSince, gru } = model.state;
  const usable = usableHistory(bars, { symbol, listedSince }).bars;
  const samples = buildSamples(usable, gru.lookback);
  const origins = samples.origins.filter((t) => {
    const d = usable[t + 1]!.date; // a sample origin always has its next session
    return (!range.from || d >= range.from) && (!range.to || d <= range.to);
  });
  return { usable, forecasts: origins.length ? forecast(model as EnsembleModel, samples, origins) : [] };
}

/** Scores forecasts made at the given origins against bars[origin + 1]. */
/** The sessions a model was fitted or calibrated on (train start through validation end). */
export interface FittedSpan {
  from: string;
  to: string;
}

export function scoreForecasts(symbol: string, bars: readonly PriceBar[], forecasts: readonly Forecast[], fitted: FittedSpan): EvaluationReport {
  const first = forecasts[0];
  const last = forecasts.at(-1);
  if (!first || !last) throw new RangeError(`${symbol}: no forecasts to score`);
  const sessions = forecasts.map((f) => ({ previous: barAt(bars, f.origin - 1), current: barAt(bars, f.origin), next: barAt(bars, f.origin + 1) }));
  const today = sessions.map((s) => s.current.close);
  const actual = sessions.map((s) => s.next.close);
  const nextReturns = sessions.map((s) => Math.log(s.next.close / s.current.close));
  const todayReturns = sessions.map((s) => Math.log(s.current.close / s.previous.close));
  const forecastClose = forecasts.map((f, i) => sessions[i]!.current.close * Math.exp(f.predictedReturn));
  const correct = forecasts.map((f, i) => (f.direction === 'up') === isUp(nextReturns[i]!));
  const confidence = forecasts.map((f) => f.confidence);
  const n = forecasts.length;
  const hits = correct.filter(Boolean).length;
  const errors = priceErrors(forecastClose, actual);
  const persistence = persistenceErrors(today, actual);
  const direction = directionBaseline(todayReturns, nextReturns);
  const accuracy = hits / n;
  const from = barAt(bars, first.origin + 1).date;
  const to = barAt(bars, last.origin + 1).date;
  return {
    symbol,
    range: { from, to, n },
    model: {
      directionAccuracy: accuracy,
      directionCi95: wilsonInterval(hits, n),
      ...errors,
      meanConfidence: confidence.reduce((s, c) => s + c, 0) / n,
      brier: brierScore(confidence, correct),
      ece: expectedCalibrationError(confidence, correct, 10),
    },
    baselines: { persistence, direction },
    skill: {
      mape: skill(errors.mape, persistence.mape),
      mae: skill(errors.mae, persistence.mae),
      direction: skill(1 - accuracy, 1 - direction.accuracy),
    },
    // Any scored session inside the fitted span (not merely: starting before its end).
    overlapsTraining: from <= fitted.to && to >= fitted.from,
  };
}

/** bars[i], or a RangeError: a forecast scored against bars that do not reach its sessions. */
function barAt(bars: readonly PriceBar[], i: number): PriceBar {
  const bar = bars[i];
  if (!bar) throw new RangeError(`a forecast needs bar ${i}, but the ${bars.length} bars given end before it`);
  return bar;
}
