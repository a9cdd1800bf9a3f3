/**
 * Everything trainModel fits on, derived from a symbol's bars: the usable history, the
 * chronological split, the scaler (training rows only), scaled feature rows, and the GRU
 * member's windows with standardised targets. Shared by trainModel and bench:torch, so the
 * benchmark trains on exactly the member's data.
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

export interface GruWindows {
  /** [n, lookback, features] scaled feature windows. */
  x: Float32Array;
  /** [n] standardised next-day log returns ((y − targetMean) / targetStd). */
  y: Float32Array;
}

export interface TrainingData {
  usable: UsableHistory;
  samples: Samples;
  /** Forecast origins (bar indices) of the three chronological parts. */
  trainO: number[];
  valO: number[];
  evalO: number[];
  scaler: ScalerState;
  scaled: (number[] | null)[];
  /** Raw next-day log returns of the training and validation origins. */
  yTrain: number[];
  yVal: number[];
  targetMean: number;
  targetStd: number;
  gruTrain: GruWindows;
  gruVal: GruWindows;
  features: number;
}

export function trainingData(o: TrainingDataOptions): TrainingData {
  const usable = usableHistory(o.bars, { symbol: o.symbol, listedSince: o.listedSince });
  const samples = buildSamples(usable.bars, o.split.lookback);
  const parts = splitChronologically(o.symbol, samples.origins.length, o.split);
  const originsOf = (r: Range) => samples.origins.slice(r.start, r.end);
  const trainO = originsOf(parts.train);
  const valO = originsOf(parts.validation);
  const evalO = originsOf(parts.evaluation);

  const scaler = fitScaler(trainO.map((t) => samples.features[t] as number[]));
  const scaled = scaleFeatures(samples.features, scaler);
  const yTrain = targetsAt(samples, trainO);
  const yVal = targetsAt(samples, valO);
  const targetMean = mean(yTrain);
  const targetStd = Math.sqrt(mean(yTrain.map((y) => (y - targetMean) ** 2))) || 1;
  const standardised = (ys: number[]) => Float32Array.from(ys, (y) => (y - targetMean) / targetStd);
  return {
    usable,
    samples,
    trainO,
    valO,
    evalO,
    scaler,
    scaled,
    yTrain,
    yVal,
    targetMean,
    targetStd,
    gruTrain: { x: windows(scaled, trainO, o.split.lookback), y: standardised(yTrain) },
    gruVal: { x: windows(scaled, valO, o.split.lookback), y: standardised(yVal) },
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
