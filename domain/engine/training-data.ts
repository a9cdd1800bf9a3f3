/**
 * Everything a fit trains on, derived from a symbol's bars — the one path from bars to training
 * data, used by trainModel (both fits) and bench:torch (which exports the GRU member's windows):
 * - `splitHistory`: the usable history, its samples and the chronological split's origins;
 * - `fitData`: one fit's scaler (training rows only), every bar's scaled row, the targets and
 *   their training mean and standard deviation;
 * - `gruWindows`: a member's input windows with standardised targets;
 * - `trainingData`: all three for the evaluated fit (bench:torch).
 */
import type { PriceBar } from '../../common/prices.js';
import { buildSamples, scaleFeatures, splitChronologically, windows, type Range, type Samples, type SplitOptions } from './dataset.js';
import { FEATURE_COUNT } from './features.js';
import { usableHistory, type UsableHistory } from './history.js';
import { fitScaler, type ScalerState } from './scaler.js';

export interface TrainingDataOptions {
  bars: readonly PriceBar[];
  symbol: string;
  listedSince?: string;
  split: SplitOptions;
}

export interface SplitHistory {
  usable: UsableHistory;
  samples: Samples;
  /** Forecast origins (bar indices) of the three chronological parts. */
  trainO: number[];
  valO: number[];
  evalO: number[];
}

/** What one fit of the members sees (the evaluated fit has validation origins, a refit none). */
export interface FitData {
  samples: Samples;
  /** Sessions in a recurrent member's input window. */
  lookback: number;
  trainO: number[];
  /** Validation origins (ridge λ, early stopping); absent: a refit with hyper-parameters already chosen. */
  valO?: number[];
  /** Fitted on the training origins' feature rows only. */
  scaler: ScalerState;
  /** Every bar's scaled feature row (null during the feature warm-up). */
  scaled: (number[] | null)[];
  /** Raw next-day log returns of the training (and validation) origins. */
  yTrain: number[];
  yVal?: number[];
  /** Mean and standard deviation of `yTrain`: members standardise their targets with them. */
  targetMean: number;
  targetStd: number;
}

export interface GruWindows {
  /** [n, lookback, features] scaled feature windows. */
  x: Float32Array;
  /** [n] standardised next-day log returns ((y − targetMean) / targetStd). */
  y: Float32Array;
}

export interface TrainingData extends SplitHistory, FitData {
  valO: number[];
  yVal: number[];
  gruTrain: GruWindows;
  gruVal: GruWindows;
  features: number;
}

/** Usable history, samples and the chronological split (InsufficientHistoryError when too short). */
export function splitHistory(o: TrainingDataOptions): SplitHistory {
  const usable = usableHistory(o.bars, { symbol: o.symbol, listedSince: o.listedSince });
  const samples = buildSamples(usable.bars, o.split.lookback);
  const parts = splitChronologically(o.symbol, samples.origins.length, o.split);
  const originsOf = (r: Range) => samples.origins.slice(r.start, r.end);
  return { usable, samples, trainO: originsOf(parts.train), valO: originsOf(parts.validation), evalO: originsOf(parts.evaluation) };
}

/** The scaler, scaled rows and target statistics of a fit on `trainO` (validated on `valO` when given). */
export function fitData(samples: Samples, trainO: number[], valO: number[] | undefined, lookback: number): FitData {
  const scaler = fitScaler(trainO.map((t) => rowAt(samples.features, t)));
  const yTrain = targetsAt(samples, trainO);
  const targetMean = mean(yTrain);
  const targetStd = Math.sqrt(mean(yTrain.map((y) => (y - targetMean) ** 2))) || 1;
  return {
    samples,
    lookback,
    trainO,
    ...(valO ? { valO, yVal: targetsAt(samples, valO) } : {}),
    scaler,
    scaled: scaleFeatures(samples.features, scaler),
    yTrain,
    targetMean,
    targetStd,
  };
}

/** Input windows ending at `origins` and their targets standardised by the fit's target mean and std. */
export function gruWindows(data: FitData, origins: readonly number[], targets: readonly number[]): GruWindows {
  return {
    x: windows(data.scaled, origins, data.lookback),
    y: Float32Array.from(targets, (y) => (y - data.targetMean) / data.targetStd),
  };
}

/** The evaluated fit's data with the GRU member's windows (bench:torch exports them). */
export function trainingData(o: TrainingDataOptions): TrainingData {
  const split = splitHistory(o);
  const data = fitData(split.samples, split.trainO, split.valO, o.split.lookback);
  const yVal = targetsAt(split.samples, split.valO);
  return {
    ...split,
    ...data,
    valO: split.valO,
    yVal,
    gruTrain: gruWindows(data, split.trainO, data.yTrain),
    gruVal: gruWindows(data, split.valO, yVal),
    features: FEATURE_COUNT,
  };
}

const mean = (xs: readonly number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;

/** The targets at `origins` (bar indices); an origin without a target is a bug upstream, reported as such. */
export function targetsAt(samples: Samples, origins: readonly number[]): number[] {
  return origins.map((t) => {
    const y = samples.targets[t];
    if (y === undefined) throw new RangeError(`no target at origin ${t}: the samples have ${samples.targets.length}`);
    return y;
  });
}

/** The row at bar `t` (feature or scaled); an origin inside the feature warm-up is a bug upstream, reported as such. */
export function rowAt(rows: readonly (number[] | null)[], t: number): number[] {
  const row = rows[t];
  if (!row) throw new RangeError(`no feature row at bar ${t} (${rows.length} rows)`);
  return row;
}
