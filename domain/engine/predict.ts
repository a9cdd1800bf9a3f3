/** `predictNext`: the forecast of the session after the last bar (or after `asOf`), from a trained model. */
import type { PriceBar } from '../../common/prices.js';
import type { NextSessionForecast } from '../../common/wire/index.js';
import { nextTradingDay } from '../market-hours/index.js';
import { buildSamples, minBarsToPredict } from './dataset.js';
import { toPriceForecast } from './daily-forecasts.js';
import { ensembleLookback, forecast, type EnsembleModel } from './ensemble.js';
import { InsufficientHistoryError } from './errors.js';
import { usableHistory } from './history.js';
import { VOL_WINDOW } from './volatility.js';

export interface Prediction extends NextSessionForecast {
  recipe: string;
  trainedAt: string;
}

export interface PredictOptions {
  /** Forecast as of this date: only bars dated ≤ asOf are used. Default: the last bar. */
  asOf?: string;
}

export function predictNext(model: EnsembleModel, bars: readonly PriceBar[], options: PredictOptions = {}): Prediction {
  const { symbol, listedSince } = model.state;
  const lookback = ensembleLookback(model.members);
  const upTo = options.asOf ? bars.filter((b) => b.date <= options.asOf!) : bars;
  const usable = usableHistory(upTo, { symbol, listedSince }).bars;
  const needed = minBarsToPredict(lookback);
  if (usable.length < needed) {
    throw new InsufficientHistoryError(symbol, usable.length, needed, `to forecast${options.asOf ? ` as of ${options.asOf}` : ''}`);
  }
  // Features depend on the last `needed` bars and σ on the last VOL_WINDOW returns only, so the tail gives identical numbers faster.
  const tail = usable.slice(Math.max(0, usable.length - Math.max(needed, VOL_WINDOW + 1)));
  const samples = buildSamples(tail, lookback, true);
  const origin = tail.length - 1;
  const [f] = forecast(model, samples, [origin]);
  const last = tail[origin];
  if (!f || !last) throw new InsufficientHistoryError(symbol, usable.length, needed, 'to forecast: no sample at the last bar');
  return {
    symbol,
    asOf: last.date,
    targetDate: nextTradingDay(last.date),
    ...toPriceForecast(f, last.close),
    recipe: model.state.recipe,
    trainedAt: model.metadata.trainedAt,
  };
}
