import type * as tf from '@tensorflow/tfjs';
import type { PriceBar } from '../../common/prices.js';
import { selectBackend } from './backend.js';
import { isUp } from './baselines.js';
import { fitCalibration, upProbability } from './calibration.js';
import { DEFAULT_DIRECTION_BAND } from './distribution.js';
import { fitConformal, normalQuantile } from './intervals.js';
import { fitVolatility } from './volatility.js';
import { buildSamples, DEFAULT_SPLIT, scaleFeatures, splitChronologically, windows, type Range, type Samples, type SplitOptions } from './dataset.js';
import { combineSignals, fitWeights, memberOutputs, recipeName, sigmasAt, type EnsembleModel, type EnsembleState } from './ensemble.js';
import { scoreForecasts, walkForward } from './evaluate.js';
import { toDatedForecasts } from './stored-forecasts.js';
import { FEATURE_COUNT, FEATURE_NAMES, FEATURE_WARMUP } from './features.js';
import { dataHash } from '../../common/node/sha256.js';
import { usableHistory } from './history.js';
import { buildGru, type EpochProgress } from './members/gru.js';
import { fitGruFast } from './members/gru-fast.js';
import { fitRidge, predictRidge, type RidgeState } from './members/ridge.js';
import { fitScaler } from './scaler.js';
import type { DateRange, FitRecord, HyperParameters } from './types.js';

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
  /** Force a TensorFlow.js backend (else STOCKFLOW_TF_BACKEND, else the best available). */
  backend?: string;
  /** First real session, for a symbol whose early history is a pre-listing stretch not in KNOWN_LISTINGS. */
  listedSince?: string;
  split?: Partial<SplitOptions>;
  /** Refit on all sessions through the last bar before serving (default true); false serves the evaluated fit. */
  refit?: boolean;
  /** P(up) within this of the base rate of up days → direction "none" (default DEFAULT_DIRECTION_BAND). */
  directionBand?: number;
  hyper?: Partial<ModelHyperOptions>;
  onEpoch?: (progress: EpochProgress) => void | Promise<void>;
  signal?: AbortSignal;
  log?: (message: string) => void;
}

/**
 * Evaluate, then refit before serving:
 *  1. the evaluated fit: members trained on the chronologically first part of the usable
 *     history, ensemble weights, early stopping, P(up) calibration and conformal intervals on
 *     the validation slice after it; the most recent held-out sessions (never seen by any fit)
 *     scored walk-forward, with baselines (`metadata.evaluation`);
 *  2. the served fit (unless `refit: false`): members and volatility refitted on all usable
 *     sessions through the last bar (up to `maxTrainDays`) with the selected hyper-parameters
 *     (the early-stopped epoch count, the ridge λ, the ensemble weights); calibration and
 *     intervals refitted on the evaluated fit's out-of-sample forecasts (validation + evaluation).
 * `metadata.fits` records both fits and their data ranges.
 */
export async function trainModel(o: TrainOptions): Promise<EnsembleModel> {
  const started = performance.now();
  const split: SplitOptions = { ...DEFAULT_SPLIT, ...o.split };
  const hyper: ModelHyperOptions = { ...DEFAULT_HYPER, ...o.hyper };
  const seed = o.seed ?? DEFAULT_SEED;
  const maxEpochs = o.epochs ?? (o.quick ? QUICK_EPOCHS : DEFAULT_EPOCHS);
  const directionBand = o.directionBand ?? DEFAULT_DIRECTION_BAND;
  if (!(directionBand >= 0 && directionBand < 0.5)) throw new RangeError(`directionBand must be in [0, 0.5), got ${directionBand}`);
  const backend = await selectBackend({ backend: o.backend, log: o.log });

  const usable = usableHistory(o.bars, { symbol: o.symbol, listedSince: o.listedSince });
  const bars = usable.bars;
  const samples = buildSamples(bars, split.lookback);
  const parts = splitChronologically(o.symbol, samples.origins.length, split);
  const originsOf = (r: Range) => samples.origins.slice(r.start, r.end);
  const trainO = originsOf(parts.train);
  const valO = originsOf(parts.validation);
  const evalO = originsOf(parts.evaluation);
  const base = { recipe: recipeName(hyper.gruUnits), symbol: o.symbol, listedSince: usable.dropped > 0 ? at(bars, 0, 'bar').date : undefined, featureNames: [...FEATURE_NAMES], directionBand };

  const members = await fitMembers({ samples, trainO, valO, lookback: split.lookback, hyper, seed, epochs: maxEpochs, symbol: o.symbol, onEpoch: o.onEpoch, signal: o.signal });
  const pending: Pick<EnsembleState, 'gru' | 'scaler' | 'ridge' | 'volatility'> = { ...members.state, volatility: fitVolatility(trainO.map((t) => at(samples.targets, t, 'target'))) };
  const valOutputs = memberOutputs(pending as EnsembleState, members.network, samples, valO);
  const weights = fitWeights(valOutputs, valO.map((t) => at(samples.targets, t, 'target')));
  const evaluatedState: EnsembleState = { ...base, ...pending, weights, ...calibrateOn({ ...base, ...pending, weights } as EnsembleState, members.network, samples, valO) };

  const rangeOf = (origins: number[]): DateRange => ({ from: at(bars, at(origins, 0, 'origin') + 1, 'bar').date, to: at(bars, at(origins, origins.length - 1, 'origin') + 1, 'bar').date, n: origins.length });
  const validation = rangeOf(valO);
  const holdout = walkForward({ state: evaluatedState, network: members.network }, bars, { from: at(bars, at(evalO, 0, 'evaluation origin') + 1, 'bar').date });
  const evaluation = scoreForecasts(o.symbol, holdout.usable, holdout.forecasts, { from: rangeOf(trainO).from, to: validation.to });
  const barsOf = (origins: number[], through: number) => {
    const first = at(origins, 0, 'origin') - (split.lookback - 1) - FEATURE_WARMUP;
    return { from: at(bars, first, 'bar').date, to: at(bars, through, 'bar').date, n: through - first + 1 };
  };
  const evaluatedFit: FitRecord = {
    bars: barsOf(trainO, at(valO, valO.length - 1, 'validation origin') + 1),
    train: rangeOf(trainO),
    validation,
    calibratedOn: validation,
    epochs: members.fit.bestEpoch,
    volatility: evaluatedState.volatility.kind,
  };

  let served: { state: EnsembleState; network: tf.LayersModel; fit: FitRecord } | null = null;
  if (o.refit !== false) {
    try {
      const oosO = [...valO, ...evalO];
      const calibration = calibrateOn(evaluatedState, members.network, samples, oosO);
      const servedO = samples.origins.slice(Math.max(0, samples.origins.length - split.maxTrainDays));
      const epochs = Math.max(1, members.fit.bestEpoch);
      const refit = await fitMembers({ samples, trainO: servedO, lookback: split.lookback, hyper: { ...hyper, ridgeLambdas: [members.state.ridge.lambda] }, seed, epochs, symbol: o.symbol, signal: o.signal });
      const state: EnsembleState = { ...base, ...refit.state, weights, volatility: fitVolatility(servedO.map((t) => at(samples.targets, t, 'target'))), ...calibration };
      served = {
        state,
        network: refit.network,
        fit: { bars: barsOf(servedO, bars.length - 1), train: rangeOf(servedO), validation: null, calibratedOn: rangeOf(oosO), epochs: refit.fit.epochsRun, volatility: state.volatility.kind },
      };
    } catch (err) {
      members.network.dispose();
      throw err;
    }
    members.network.dispose();
  }

  const usedBars = bars.slice(bars.findIndex((b) => b.date === evaluatedFit.bars.from));
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
    state: served?.state ?? evaluatedState,
    network: served?.network ?? members.network,
    metadata: {
      formatVersion: 1,
      recipe: base.recipe,
      symbol: o.symbol,
      trainedAt: o.trainedAt === undefined ? new Date().toISOString() : new Date(o.trainedAt).toISOString(),
      dataHash: dataHash(usedBars),
      dataRange: {
        usableFrom: at(bars, 0, 'bar').date,
        usableReason: usable.reason,
        bars: { from: at(usedBars, 0, 'used bar').date, to: at(usedBars, usedBars.length - 1, 'used bar').date, n: usedBars.length },
        train: evaluatedFit.train,
        validation,
        evaluation: evaluation.range,
      },
      fits: { evaluated: evaluatedFit, served: served?.fit ?? null },
      features: [...FEATURE_NAMES],
      hyperParameters,
      seed,
      backend,
      epochsRun: members.fit.epochsRun,
      bestEpoch: members.fit.bestEpoch,
      quick: o.quick ?? false,
      trainingMs: Math.round(performance.now() - started),
      ensembleWeights: { ...weights, ridgeLambda: members.state.ridge.lambda },
      evaluation,
      evaluationForecasts: toDatedForecasts(holdout.usable, holdout.forecasts),
    },
  };
}

/** items[i], or a clear error naming what was indexed (these bounds depend on the data and the split). */
function at<T>(items: readonly T[], i: number, what: string): T {
  const item = items[i];
  if (item === undefined) throw new RangeError(`trainModel: ${what} ${i} is out of range (${items.length} available)`);
  return item;
}

interface MemberFitOptions {
  samples: Samples;
  trainO: number[];
  /** Validation origins for ridge λ and early stopping; without them: the single λ, exactly `epochs` epochs. */
  valO?: number[];
  lookback: number;
  hyper: ModelHyperOptions;
  seed: number;
  epochs: number;
  symbol: string;
  onEpoch?: TrainOptions['onEpoch'];
  signal?: AbortSignal;
}

/** Scaler, ridge and GRU fitted on `trainO` (the network is disposed if the fit fails). */
async function fitMembers(o: MemberFitOptions) {
  const { samples, trainO, lookback, hyper } = o;
  const scaler = fitScaler(trainO.map((t) => samples.features[t] as number[]));
  const scaled = scaleFeatures(samples.features, scaler);
  const yTrain = trainO.map((t) => at(samples.targets, t, 'target'));
  const ridge = fitBestRidge(trainO, o.valO ?? trainO, scaled, samples, hyper.ridgeLambdas);
  const targetMean = mean(yTrain);
  const targetStd = Math.sqrt(mean(yTrain.map((y) => (y - targetMean) ** 2))) || 1;
  const gruConfig = { lookback, features: FEATURE_COUNT, units: hyper.gruUnits, seed: o.seed };
  const network = buildGru(gruConfig);
  const standardise = (ys: number[]) => Float32Array.from(ys, (y) => (y - targetMean) / targetStd);
  try {
    const fit = await fitGruFast(network, gruConfig, {
      x: windows(scaled, trainO, lookback),
      y: standardise(yTrain),
      ...(o.valO ? { xVal: windows(scaled, o.valO, lookback), yVal: standardise(o.valO.map((t) => at(samples.targets, t, 'target'))) } : {}),
      epochs: o.epochs,
      batchSize: hyper.batchSize,
      learningRate: hyper.learningRate,
      patience: hyper.patience,
      seed: o.seed,
      symbol: o.symbol,
      onEpoch: o.onEpoch,
      signal: o.signal,
    });
    return { network, fit, state: { gru: { ...gruConfig, targetMean, targetStd }, scaler, ridge } };
  } catch (err) {
    network.dispose();
    throw err;
  }
}

/**
 * P(up) calibration and conformal intervals from out-of-sample forecasts at `origins` of a
 * model fitted before them: standardised signal → P(up), then |actual − centre| / σ.
 */
function calibrateOn(state: EnsembleState, network: tf.LayersModel, samples: Samples, origins: number[]): Pick<EnsembleState, 'calibration' | 'conformal'> {
  const signals = combineSignals(state, memberOutputs(state, network, samples, origins));
  const sigmas = sigmasAt(state, samples, origins);
  const actual = origins.map((t) => at(samples.targets, t, 'target'));
  const calibration = fitCalibration(signals.map((s, i) => s / at(sigmas, i, 'sigma')), actual.map(isUp));
  const centres = signals.map((s, i) => at(sigmas, i, 'sigma') * normalQuantile(upProbability(calibration, s / at(sigmas, i, 'sigma'))));
  return { calibration, conformal: fitConformal(actual.map((y, i) => (y - at(centres, i, 'centre')) / at(sigmas, i, 'sigma'))) };
}

/** Ridge on the origin day's scaled features; lambda chosen by validation squared error. */
function fitBestRidge(trainO: number[], valO: number[], scaled: (number[] | null)[], samples: Samples, lambdas: number[]): RidgeState {
  const x = trainO.map((t) => scaled[t] as number[]);
  const y = trainO.map((t) => at(samples.targets, t, 'target'));
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

const mean = (xs: readonly number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
