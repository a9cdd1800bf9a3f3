import type { PriceBar } from '../../common/prices.js';
import { computeFeatures, FEATURE_WARMUP, nextDayLogReturns } from './features.js';
import { InsufficientHistoryError } from './errors.js';
import { scaleRow, type ScalerState } from './scaler.js';

/** How the usable history is cut, chronologically, into train | validation | evaluation. */
export interface SplitOptions {
  /** Sessions of the recurrent member's input window. */
  lookback: number;
  /** Most recent sessions held out for evaluation (fewer only when history is short). */
  evalDays: number;
  /** Upper bound on validation sessions (early stopping, ensemble weights, calibration). */
  valDays: number;
  /** Validation share of what precedes the evaluation window (before clamping). */
  valFraction: number;
  /** Only the most recent this-many sessions before validation are used for fitting. */
  maxTrainDays: number;
  minTrainDays: number;
  minValDays: number;
  minEvalDays: number;
}

export const DEFAULT_SPLIT: SplitOptions = {
  lookback: 20,
  evalDays: 250,
  valDays: 250,
  valFraction: 0.25,
  maxTrainDays: 1500,
  minTrainDays: 200,
  minValDays: 100,
  minEvalDays: 50,
};

/** Feature rows and targets aligned with bars, and the bar indices usable as forecast origins. */
export interface Samples {
  bars: readonly PriceBar[];
  features: (number[] | null)[];
  /** log(close[t+1] / close[t]); NaN for the last bar. */
  targets: number[];
  /** Bar indices t with a full feature window; the last bar is included only when `includeLast`. */
  origins: number[];
}

/** First bar index that can be a forecast origin (full feature window behind it). */
export const firstOrigin = (lookback: number) => FEATURE_WARMUP + lookback - 1;

/** Bars needed to forecast even once: the feature warm-up plus one window. */
export const minBarsToPredict = (lookback: number) => firstOrigin(lookback) + 1;

export function buildSamples(bars: readonly PriceBar[], lookback: number, includeLast = false): Samples {
  const origins: number[] = [];
  const last = includeLast ? bars.length - 1 : bars.length - 2;
  for (let t = firstOrigin(lookback); t <= last; t++) origins.push(t);
  return { bars, features: computeFeatures(bars), targets: nextDayLogReturns(bars), origins };
}

export interface Range {
  /** Index range [start, end) into `Samples.origins`. */
  start: number;
  end: number;
}

export interface Split {
  train: Range;
  validation: Range;
  evaluation: Range;
}

/** Bars a symbol needs for training under `o`. */
export const minBarsToTrain = (o: SplitOptions) => firstOrigin(o.lookback) + o.minTrainDays + o.minValDays + o.minEvalDays + 1;

export function splitChronologically(symbol: string, nOrigins: number, o: SplitOptions): Split {
  const needed = o.minTrainDays + o.minValDays + o.minEvalDays;
  if (nOrigins < needed) {
    throw new InsufficientHistoryError(
      symbol,
      Math.max(0, nOrigins) + firstOrigin(o.lookback) + 1,
      minBarsToTrain(o),
      `train ≥ ${o.minTrainDays}, validation ≥ ${o.minValDays}, evaluation ≥ ${o.minEvalDays} sessions after a ${firstOrigin(o.lookback)}-session feature warm-up`,
    );
  }
  const evalN = Math.min(o.evalDays, nOrigins - o.minTrainDays - o.minValDays);
  const rest = nOrigins - evalN;
  const valN = Math.min(rest - o.minTrainDays, o.valDays, Math.max(o.minValDays, Math.round(o.valFraction * rest)));
  const trainN = Math.min(rest - valN, o.maxTrainDays);
  return {
    train: { start: rest - valN - trainN, end: rest - valN },
    validation: { start: rest - valN, end: rest },
    evaluation: { start: rest, end: nOrigins },
  };
}

/** Scaled feature rows (null stays null). */
export function scaleFeatures(features: readonly (number[] | null)[], scaler: ScalerState): (number[] | null)[] {
  return features.map((r) => (r ? scaleRow(scaler, r) : null));
}

/** Windows [n, lookback, features] ending at each origin, row-major float32. */
export function windows(scaled: readonly (number[] | null)[], origins: readonly number[], lookback: number): Float32Array {
  const width = scaled.find((r) => r)?.length ?? 0;
  const out = new Float32Array(origins.length * lookback * width);
  let k = 0;
  for (const t of origins) {
    for (let i = t - lookback + 1; i <= t; i++) {
      const row = scaled[i];
      if (!row) throw new RangeError(`no feature row at bar ${i} for origin ${t}`);
      for (let j = 0; j < width; j++) out[k++] = row[j]!; // every row has `width` features
    }
  }
  return out;
}
