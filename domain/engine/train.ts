import type { PriceBar } from '../../common/prices.js';
import { selectBackend } from './backend.js';
import { isUp } from './baselines.js';
import { fitCalibration } from './calibration.js';
import { DEFAULT_SPLIT, type Samples, type SplitOptions } from './dataset.js';
import { combine, fitWeights, memberOutputs, recipeName, type EnsembleModel, type EnsembleState } from './ensemble.js';
import { evaluateSessions } from './evaluate.js';
import { FEATURE_COUNT, FEATURE_NAMES, FEATURE_WARMUP } from './features.js';
import { dataHash } from '../../common/node/sha256.js';
import { buildGru, type EpochProgress } from './members/gru.js';
import { fitGruFast } from './members/gru-fast.js';
import { fitRidge, predictRidge, type RidgeState } from './members/ridge.js';
import { targetsAt, trainingData } from './training-data.js';
import type { DateRange, HyperParameters } from './types.js';

export const QUICK_EPOCHS = 10;
export const DEFAULT_EPOCHS = 30;
export const DEFAULT_SEED = 42;

export interface ModelHyperOptions {
  gruUnits: number;
  batchSize: number;
  learningRate: number;
  patience: number;
  ridgeLambdas: number[];
}

/**
 * Batch 128 rather than 64: on the wasm backend an epoch costs per-op dispatch more than
 * arithmetic (1500 windows: ~470 ms/epoch at 64, ~310 ms at 128 on a 2-core box), and the
 * quick-training budget (≤ 5 s) needs the difference. The learning rate is raised to match.
 */
export const DEFAULT_HYPER: ModelHyperOptions = {
  gruUnits: 16,
  batchSize: 128,
  learningRate: 3e-3,
  patience: 8,
  ridgeLambdas: [1, 10, 100, 1000, 10000],
};

export interface TrainOptions {
  bars: readonly PriceBar[];
  symbol: string;
  seed?: number;
  /** Maximum epochs (early stopping may end sooner); default DEFAULT_EPOCHS, quick → QUICK_EPOCHS. */
  epochs?: number;
  quick?: boolean;
  /** Written into metadata; default: now. */
  trainedAt?: string | Date;
  /** The configured TensorFlow.js backend (config training.backend); default auto: tensorflow, else wasm (cpu only when named). */
  backend?: string;
  /** First real session, for a symbol whose early history is a pre-listing stretch not in KNOWN_LISTINGS. */
  listedSince?: string;
  split?: Partial<SplitOptions>;
  hyper?: Partial<ModelHyperOptions>;
  onEpoch?: (progress: EpochProgress) => void | Promise<void>;
  signal?: AbortSignal;
  log?: (message: string) => void;
}

/**
 * Trains the ensemble on the chronologically first part of the usable history, fits ensemble
 * weights and calibration on the validation slice after it, and scores the most recent
 * held-out sessions (never seen by any fit) walk-forward, with baselines.
 */
export async function trainModel(o: TrainOptions): Promise<EnsembleModel> {
  const started = performance.now();
  const split: SplitOptions = { ...DEFAULT_SPLIT, ...o.split };
  const hyper: ModelHyperOptions = { ...DEFAULT_HYPER, ...o.hyper };
  const seed = o.seed ?? DEFAULT_SEED;
  const maxEpochs = o.epochs ?? (o.quick ? QUICK_EPOCHS : DEFAULT_EPOCHS);
  const backend = await selectBackend({ backend: o.backend, log: o.log });

  const data = trainingData({ bars: o.bars, symbol: o.symbol, listedSince: o.listedSince, split });
  const { usable, samples, trainO, valO, evalO, scaler, scaled, yVal, targetMean, targetStd } = data;
  const bars = usable.bars;

  const ridge = fitBestRidge(trainO, valO, scaled, samples, hyper.ridgeLambdas);

  const gruConfig = { lookback: split.lookback, features: FEATURE_COUNT, units: hyper.gruUnits, seed };
  const network = buildGru(gruConfig);
  let fit;
  try {
    fit = await fitGruFast(network, gruConfig, {
      x: data.gruTrain.x,
      y: data.gruTrain.y,
      xVal: data.gruVal.x,
      yVal: data.gruVal.y,
      epochs: maxEpochs,
      batchSize: hyper.batchSize,
      learningRate: hyper.learningRate,
      patience: hyper.patience,
      seed,
      symbol: o.symbol,
      onEpoch: o.onEpoch,
      signal: o.signal,
    });
  } catch (err) {
    network.dispose();
    throw err;
  }

  const recipe = recipeName(hyper.gruUnits);
  const partial: EnsembleState = {
    recipe,
    symbol: o.symbol,
    listedSince: usable.dropped > 0 ? barAt(bars, 0).date : undefined,
    featureNames: [...FEATURE_NAMES],
    gru: { ...gruConfig, targetMean, targetStd },
    scaler,
    ridge,
    weights: { gru: 0.5, ridge: 0.5, shrink: 1 },
    calibration: { kind: 'platt', scale: 1, a: 0, b: 0, n: 0, hitRate: 0.5 },
  };
  const valOutputs = memberOutputs(partial, network, samples, valO);
  const weights = fitWeights(valOutputs, yVal);
  const valSignals = combine({ ...partial, weights }, valOutputs).map((f) => f.signal);
  const calibration = fitCalibration(valSignals, valSignals.map((s, i) => isUp(s) === isUp(at(yVal, i, 'validation target'))));
  const state: EnsembleState = { ...partial, weights, calibration };

  const rangeOf = (origins: number[]): DateRange => ({ from: barAt(bars, at(origins, 0, 'origin') + 1).date, to: barAt(bars, at(origins, -1, 'origin') + 1).date, n: origins.length });
  const validation = rangeOf(valO);
  const evaluation = evaluateSessions({ state, network }, bars, { from: barAt(bars, at(evalO, 0, 'evaluation origin') + 1).date }, { from: rangeOf(trainO).from, to: validation.to });
  const firstBar = at(trainO, 0, 'training origin') - (split.lookback - 1) - FEATURE_WARMUP;
  const usedBars = bars.slice(firstBar);
  const hyperParameters: HyperParameters = {
    lookback: split.lookback,
    gruUnits: hyper.gruUnits,
    batchSize: hyper.batchSize,
    learningRate: hyper.learningRate,
    patience: hyper.patience,
    maxEpochs,
    ridgeLambdas: hyper.ridgeLambdas,
    evalDays: split.evalDays,
    valDays: split.valDays,
    maxTrainDays: split.maxTrainDays,
  };
  return {
    state,
    network,
    metadata: {
      formatVersion: 1,
      recipe,
      symbol: o.symbol,
      trainedAt: o.trainedAt === undefined ? new Date().toISOString() : new Date(o.trainedAt).toISOString(),
      dataHash: dataHash(usedBars),
      dataRange: {
        usableFrom: barAt(bars, 0).date,
        usableReason: usable.reason,
        bars: { from: barAt(usedBars, 0).date, to: barAt(usedBars, -1).date, n: usedBars.length },
        train: rangeOf(trainO),
        validation,
        evaluation: evaluation.range,
      },
      features: [...FEATURE_NAMES],
      hyperParameters,
      seed,
      backend,
      epochsRun: fit.epochsRun,
      bestEpoch: fit.bestEpoch,
      quick: o.quick ?? false,
      trainingMs: Math.round(performance.now() - started),
      ensembleWeights: { ...weights, ridgeLambda: ridge.lambda },
      evaluation,
    },
  };
}

/** Ridge on the origin day's scaled features; lambda chosen by validation squared error. */
function fitBestRidge(trainO: number[], valO: number[], scaled: (number[] | null)[], samples: Samples, lambdas: number[]): RidgeState {
  const x = trainO.map((t) => scaled[t] as number[]);
  const y = targetsAt(samples, trainO);
  let best: RidgeState | undefined;
  let bestErr = Number.POSITIVE_INFINITY;
  for (const lambda of lambdas) {
    const m = fitRidge(x, y, lambda);
    const err = valO.reduce((s, t) => s + (predictRidge(m, scaled[t] as number[]) - at(samples.targets, t, 'target')) ** 2, 0);
    if (err < bestErr) {
      bestErr = err;
      best = m;
    }
  }
  if (!best) throw new RangeError('ridgeLambdas must not be empty');
  return best;
}

/** `items.at(i)` (negative counts from the end), or a RangeError naming what was missing: the splits guarantee these, so a miss is a bug. */
function at<T>(items: readonly T[], i: number, what: string): T {
  const item = items.at(i);
  if (item === undefined) throw new RangeError(`no ${what} at index ${i} of ${items.length}`);
  return item;
}

function barAt(bars: readonly PriceBar[], i: number): PriceBar {
  return at(bars, i, 'price bar');
}
