/**
 * The evaluated fit's walk-forward forecasts of its evaluation window, kept in the metadata
 * (`evaluationForecasts`): the served model is refitted through the last bar, so re-running it
 * over that window would be in-sample. These let charts, skill-drop and the champion comparison
 * use the honest out-of-sample forecasts, re-attached to any bars that contain their sessions.
 */
import type { PriceBar } from '../../common/prices.js';
import { toDailyForecasts, type DailyForecast } from './daily-forecasts.js';
import type { ReturnForecast } from './distribution.js';
import type { Forecast } from './ensemble.js';
import { scoreForecasts, type EvaluateOptions, type FittedSpan } from './evaluate.js';
import type { EvaluationReport } from './types.js';

/** A forecast of the session `date` (made from the bars up to the session before). */
export interface DatedForecast extends ReturnForecast {
  date: string;
}

export function toDatedForecasts(bars: readonly PriceBar[], forecasts: readonly Forecast[]): DatedForecast[] {
  return forecasts.map(({ origin, ...f }) => {
    const next = bars[origin + 1];
    if (!next) throw new RangeError(`toDatedForecasts: origin ${origin} has no next bar (${bars.length} bars)`);
    return { ...f, date: next.date };
  });
}

/**
 * The stored forecasts whose session lies in [from, to] and in `bars` (from `usableFrom` on),
 * attached to their origins there. Sessions missing from the bars are left out.
 */
export function attachForecasts(bars: readonly PriceBar[], stored: readonly DatedForecast[], usableFrom: string, range: EvaluateOptions = {}) {
  const usable = bars.filter((b) => b.date >= usableFrom);
  const index = new Map(usable.map((b, i) => [b.date, i]));
  const forecasts: Forecast[] = [];
  for (const { date, ...f } of stored) {
    if ((range.from && date < range.from) || (range.to && date > range.to)) continue;
    const i = index.get(date);
    if (i !== undefined && i >= 2) forecasts.push({ ...f, origin: i - 1 });
  }
  return { usable, forecasts };
}

export function storedDailyForecasts(bars: readonly PriceBar[], stored: readonly DatedForecast[], usableFrom: string, range: EvaluateOptions = {}): DailyForecast[] {
  return toDailyForecasts(attachForecasts(bars, stored, usableFrom, range));
}

/** Scores the stored forecasts of [from, to] like a walk-forward evaluation; null when none of them is in the bars. */
export function scoreStoredForecasts(symbol: string, bars: readonly PriceBar[], stored: readonly DatedForecast[], usableFrom: string, range: EvaluateOptions, fitted: FittedSpan): EvaluationReport | null {
  const { usable, forecasts } = attachForecasts(bars, stored, usableFrom, range);
  return forecasts.length ? scoreForecasts(symbol, usable, forecasts, fitted) : null;
}
