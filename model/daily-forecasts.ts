import type { PriceBar } from '../common/prices';
import { isUp } from './baselines';
import { buildSamples } from './dataset';
import { forecast, type EnsembleModel } from './ensemble';
import { usableHistory } from './history';

/** One walk-forward forecast scored against the close that followed it. */
export interface DailyForecast {
  /** Session forecast (the day after the origin). */
  date: string;
  lastClose: number;
  forecastClose: number;
  actualClose: number;
  direction: 'up' | 'down';
  confidence: number;
  directionCorrect: boolean;
  /** |forecast − actual| / actual */
  ape: number;
}

/**
 * Per-session forecasts of a saved model for every session in [from, to] (each from bars up
 * to the session before only), for live-performance trends and forecast-vs-actual charts.
 * Returns [] when no session in the range can be forecast.
 */
export function dailyForecasts(model: EnsembleModel, bars: readonly PriceBar[], range: { from?: string; to?: string } = {}): DailyForecast[] {
  const { symbol, listedSince, gru } = model.state;
  const usable = usableHistory(bars, { symbol, listedSince }).bars;
  const samples = buildSamples(usable, gru.lookback);
  const origins = samples.origins.filter((t) => {
    const d = usable[t + 1].date;
    return (!range.from || d >= range.from) && (!range.to || d <= range.to);
  });
  if (origins.length === 0) return [];
  return forecast(model, samples, origins).map((f) => {
    const today = usable[f.origin].close;
    const actual = usable[f.origin + 1].close;
    const forecastClose = today * Math.exp(f.predictedReturn);
    return {
      date: usable[f.origin + 1].date,
      lastClose: today,
      forecastClose,
      actualClose: actual,
      direction: f.direction,
      confidence: f.confidence,
      directionCorrect: (f.direction === 'up') === isUp(Math.log(actual / today)),
      ape: Math.abs(forecastClose - actual) / actual,
    };
  });
}
