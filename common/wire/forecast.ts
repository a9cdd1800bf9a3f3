/**
 * The forecast of one symbol's next NYSE session: one shape from the engine (model/predict.ts)
 * through the history database to `/predict` and `stockflow predict`. Every part is derived
 * from one predictive distribution of the next log return (model/distribution.ts), so they
 * cannot contradict each other: sign(forecastClose − lastClose) is the direction unless it is
 * "none", confidence ≥ 0.5, and each interval's low < forecastClose < high.
 */

/** "none": the calibrated P(up) is within the model's band of the base rate (no directional information). */
export type ForecastDirection = 'up' | 'down' | 'none';

export interface PriceInterval {
  low: number;
  high: number;
}

/** Central prediction intervals for the close of `targetDate` (conformally calibrated). */
export interface ForecastIntervals {
  p80: PriceInterval;
  p95: PriceInterval;
}

export interface NextSessionForecast {
  symbol: string;
  /** Last session whose data the forecast used. */
  asOf: string;
  /** The NYSE session the forecast is for (the first after `asOf`). */
  targetDate: string;
  lastClose: number;
  /** Centre of the predictive distribution of the close: lastClose · exp(predictedReturn). */
  forecastClose: number;
  /** forecastClose / lastClose − 1. */
  expectedChange: number;
  /** Log return of the centre. */
  predictedReturn: number;
  direction: ForecastDirection;
  /** Calibrated probability that the more likely side (the stated direction unless "none") is right, 0.5..1. */
  confidence: number;
  /** Calibrated P(close of targetDate > lastClose). */
  upProbability: number;
  /** Conditional standard deviation of the next log return. */
  sigma: number;
  intervals: ForecastIntervals;
}
