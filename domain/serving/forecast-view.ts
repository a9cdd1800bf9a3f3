/** A stored forecast as the API, the dashboard and the status rows show it (`ForecastView`): the one mapping. */
import type { ForecastView } from '../../common/wire/index.js';
import type { PredictionRecord } from '../history/index.js';
import { nextTradingDay } from '../market-hours/index.js';

export function toForecastView(p: PredictionRecord): ForecastView {
  return {
    symbol: p.symbol,
    asOf: p.asOf,
    targetDate: p.targetDate ?? nextTradingDay(p.asOf),
    forecastClose: p.forecastClose,
    lastClose: p.lastClose,
    expectedChange: p.lastClose ? p.forecastClose / p.lastClose - 1 : null,
    direction: p.direction,
    confidence: p.confidence,
    intervals: p.intervals,
    modelVersion: p.modelVersion,
    createdAt: p.createdAt,
  };
}
