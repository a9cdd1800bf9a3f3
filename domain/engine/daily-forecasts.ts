/** Forecasts as closes: one walk-forward forecast beside the close that followed it (monitoring, charts, evaluation). */
import type { PriceBar } from '../../common/prices.js';
import type { JudgedSession, NextSessionForecast } from '../../common/wire/index.js';
import { isUp } from './baselines.js';
import { closeInterval } from './distribution.js';
import type { EnsembleModel, Forecast } from './ensemble.js';
import { scoreForecasts, walkForward } from './evaluate.js';
import type { EvaluationReport } from './types.js';

/** The price-level parts of a forecast made at a bar whose close is `lastClose`. */
export function toPriceForecast(f: Forecast, lastClose: number): Pick<NextSessionForecast, 'lastClose' | 'forecastClose' | 'expectedChange' | 'predictedReturn' | 'direction' | 'confidence' | 'upProbability' | 'sigma' | 'intervals'> {
  const forecastClose = lastClose * Math.exp(f.predictedReturn);
  return {
    lastClose,
    forecastClose,
    expectedChange: forecastClose / lastClose - 1,
    predictedReturn: f.predictedReturn,
    direction: f.direction,
    confidence: f.confidence,
    upProbability: f.pUp,
    sigma: f.sigma,
    intervals: { p80: closeInterval(lastClose, f.intervals.p80), p95: closeInterval(lastClose, f.intervals.p95) },
  };
}

/** One walk-forward forecast scored against the close that followed it (what monitoring judges, plus its scoring). */
export interface DailyForecast extends JudgedSession {
  /** The stated direction ("none" without directional information); `direction` is the more likely side. */
  statedDirection: NextSessionForecast['direction'];
  upProbability: number;
  intervals: NextSessionForecast['intervals'];
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

/**
 * dailyForecasts plus the engine's own scoring of the same sessions (evaluateModel's numbers),
 * from one walk-forward: charts show the points and quote the evaluation, never a hand-made
 * re-computation. `evaluation` is null when no session in the range can be forecast.
 */
export function scoredDailyForecasts(
  model: EnsembleModel, bars: readonly PriceBar[], range: { from?: string; to?: string } = {},
): { points: DailyForecast[]; evaluation: EvaluationReport | null } {
  const run = walkForward(model, bars, range);
  if (run.forecasts.length === 0) return { points: [], evaluation: null };
  const { train, validation } = model.metadata.dataRange;
  return { points: toDailyForecasts(run), evaluation: scoreForecasts(model.state.symbol, run.usable, run.forecasts, { from: train.from, to: validation.to }) };
}

/** Per-session rows of a walk-forward: forecast beside the close that followed. */
export function toDailyForecasts({ usable, forecasts }: ReturnType<typeof walkForward>): DailyForecast[] {
  const barAt = (t: number) => {
    const bar = usable[t];
    if (!bar) throw new RangeError(`toDailyForecasts: bar ${t} is outside the ${usable.length} usable bars`);
    return bar;
  };
  return forecasts.map((f) => {
    const p = toPriceForecast(f, barAt(f.origin).close);
    const next = barAt(f.origin + 1);
    const actual = next.close;
    return {
      date: next.date,
      previousClose: barAt(f.origin - 1).close,
      lastClose: p.lastClose,
      forecastClose: p.forecastClose,
      actualClose: actual,
      direction: f.lean,
      statedDirection: f.direction,
      confidence: f.confidence,
      upProbability: f.pUp,
      intervals: p.intervals,
      directionCorrect: (f.lean === 'up') === isUp(Math.log(actual / p.lastClose)),
      ape: Math.abs(p.forecastClose - actual) / actual,
    };
  });
}
