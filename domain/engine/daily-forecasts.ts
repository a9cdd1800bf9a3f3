import type { PriceBar } from '../../common/prices.js';
import type { JudgedSession } from '../../common/wire/index.js';
import { isUp } from './baselines.js';
import type { EnsembleModel } from './ensemble.js';
import { walkForward } from './evaluate.js';

/** One walk-forward forecast scored against the close that followed it (what monitoring judges, plus its scoring). */
export interface DailyForecast extends JudgedSession {
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
  return toDailyForecasts(walkForward(model, bars, range));
}

/** Per-session rows of a walk-forward: forecast beside the close that followed. */
export function toDailyForecasts({ usable, forecasts }: ReturnType<typeof walkForward>): DailyForecast[] {
  return forecasts.map((f) => {
    // A walk-forward origin has a session before it and the session it forecasts after it.
    const [previous, current, next] = [usable[f.origin - 1]!, usable[f.origin]!, usable[f.origin + 1]!];
    const today = current.close;
    const actual = next.close;
    const forecastClose = today * Math.exp(f.predictedReturn);
    return {
      date: next.date,
      previousClose: previous.close,
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
