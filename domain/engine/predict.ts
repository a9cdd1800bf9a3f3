import type { PriceBar } from '../../common/prices.js';
import { buildSamples, minBarsToPredict } from './dataset.js';
import { forecast, type EnsembleModel } from './ensemble.js';
import { InsufficientHistoryError } from './errors.js';
import { usableHistory } from './history.js';

export interface Prediction {
  symbol: string;
  /** Date of the last bar used: the forecast is for the next session after it. */
  asOf: string;
  lastClose: number;
  forecastClose: number;
  /** Forecast log return, forecastClose = lastClose · exp(predictedReturn). */
  predictedReturn: number;
  direction: 'up' | 'down';
  /** Calibrated probability that `direction` is right, 0..1. */
  confidence: number;
  recipe: string;
  trainedAt: string;
}

export interface PredictOptions {
  /** Forecast as of this date: only bars dated ≤ asOf are used. Default: the last bar. */
  asOf?: string;
}

export function predictNext(model: EnsembleModel, bars: readonly PriceBar[], options: PredictOptions = {}): Prediction {
  const { symbol, listedSince, gru } = model.state;
  const upTo = options.asOf ? bars.filter((b) => b.date <= options.asOf!) : bars;
  const usable = usableHistory(upTo, { symbol, listedSince }).bars;
  const needed = minBarsToPredict(gru.lookback);
  if (usable.length < needed) {
    throw new InsufficientHistoryError(symbol, usable.length, needed, `to forecast${options.asOf ? ` as of ${options.asOf}` : ''}`);
  }
  // Features depend on the last `needed` bars only, so the tail gives identical numbers faster.
  const tail = usable.slice(usable.length - needed);
  const samples = buildSamples(tail, gru.lookback, true);
  const origin = tail.length - 1;
  const [f] = forecast(model, samples, [origin]);
  const last = tail[origin];
  if (!f || !last) throw new InsufficientHistoryError(symbol, usable.length, needed, 'to forecast: no sample at the last bar');
  return {
    symbol,
    asOf: last.date,
    lastClose: last.close,
    forecastClose: last.close * Math.exp(f.predictedReturn),
    predictedReturn: f.predictedReturn,
    direction: f.direction,
    confidence: f.confidence,
    recipe: model.state.recipe,
    trainedAt: model.metadata.trainedAt,
  };
}
