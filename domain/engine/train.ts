import type { PriceBar } from '../../common/prices.js';
import { selectBackend } from './backend.js';
import { isUp } from './baselines.js';
import { fitCalibration, upProbability } from './calibration.js';
import { DEFAULT_DIRECTION_BAND } from './distribution.js';
import { fitConformal, normalQuantile } from './intervals.js';
import { fitVolatility } from './volatility.js';
import { DEFAULT_SPLIT, type Samples, type SplitOptions } from './dataset.js';
import { combineSignals, disposeEnsemble, fitWeights, memberOutputs, recipeName, sigmasAt, type EnsembleModel, type EnsembleState, type MemberWeights } from './ensemble.js';
import { scoreForecasts, walkForward } from './evaluate.js';
import { toDatedForecasts } from './stored-forecasts.js';
import { FEATURE_NAMES, FEATURE_WARMUP } from './features.js';
import { dataHash } from '../../common/node/sha256.js';
import { DEFAULT_HYPER, type ModelHyperOptions } from './hyper.js';
import type { EpochProgress } from './members/gru.js';
import { DEFAULT_MEMBERS, memberKinds } from './members/kinds.js';
import type { FittedMember, MemberKind } from './members/member.js';
import type { RidgeState } from './members/ridge.js';
import { fitData, splitHistory, targetsAt } from './training-data.js';
import type { DateRange, FitRecord, HyperParameters, ModelMetadata } from './types.js';

export { DEFAULT_HYPER, type ModelHyperOptions };

export const QUICK_EPOCHS = 10;
export const DEFAULT_EPOCHS = 30;
export const DEFAULT_SEED = 42;

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
  /** The ensemble's member kinds, in combination order (default DEFAULT_MEMBERS: gru, ridge). */
  members?: readonly string[];
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

  const kinds = memberKinds(o.members ?? DEFAULT_MEMBERS);

  const { usable, samples, trainO, valO, evalO } = splitHistory({ bars: o.bars, symbol: o.symbol, listedSince: o.listedSince, split });
  const bars = usable.bars;
  const base = { recipe: recipeName(kinds, hyper), symbol: o.symbol, listedSince: usable.dropped > 0 ? at(bars, 0, 'bar').date : undefined, featureNames: [...FEATURE_NAMES], directionBand };

  const fitOptions = { kinds, hyper, seed, symbol: o.symbol, signal: o.signal };
  const members = await fitMembers({ ...fitOptions, samples, trainO, valO, lookback: split.lookback, epochs: maxEpochs, onEpoch: o.onEpoch });
  let weights: MemberWeights;
  let evaluatedState: EnsembleState;
  try {
    const pending = { ...members.states, volatility: fitVolatility(targetsAt(samples, trainO)) };
    const fitted = { state: pending as EnsembleState, members: members.members };
    weights = fitWeights(memberOutputs(fitted, samples, valO), targetsAt(samples, valO));
    evaluatedState = { ...base, ...pending, weights, ...calibrateOn({ state: { ...base, ...pending, weights } as EnsembleState, members: members.members }, samples, valO) } as EnsembleState;
  } catch (err) {
    disposeEnsemble(members);
    throw err;
  }
  const evaluated = { state: evaluatedState, members: members.members };

  const rangeOf = (origins: number[]): DateRange => ({ from: at(bars, at(origins, 0, 'origin') + 1, 'bar').date, to: at(bars, at(origins, origins.length - 1, 'origin') + 1, 'bar').date, n: origins.length });
  const validation = rangeOf(valO);
  const holdout = walkForward(evaluated, bars, { from: at(bars, at(evalO, 0, 'evaluation origin') + 1, 'bar').date });
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
    epochs: members.epochs.best,
    volatility: evaluatedState.volatility.kind,
  };

  let served: { state: EnsembleState; members: FittedMember[]; fit: FitRecord } | null = null;
  if (o.refit !== false) {
    try {
      const oosO = [...valO, ...evalO];
      const calibration = calibrateOn(evaluated, samples, oosO);
      const servedO = samples.origins.slice(Math.max(0, samples.origins.length - split.maxTrainDays));
      const epochs = Math.max(1, members.epochs.best);
      const refit = await fitMembers({ ...fitOptions, samples, trainO: servedO, lookback: split.lookback, epochs, selected: members.states });
      const state = { ...base, ...refit.states, weights, volatility: fitVolatility(targetsAt(samples, servedO)), ...calibration } as EnsembleState;
      served = {
        state,
        members: refit.members,
        fit: { bars: barsOf(servedO, bars.length - 1), train: rangeOf(servedO), validation: null, calibratedOn: rangeOf(oosO), epochs: refit.epochs.run, volatility: state.volatility.kind },
      };
    } finally {
      disposeEnsemble(members);
    }
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
    members: served?.members ?? members.members,
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
      epochsRun: members.epochs.run,
      bestEpoch: members.epochs.best,
      quick: o.quick ?? false,
      trainingMs: Math.round(performance.now() - started),
      ensembleWeights: { ...weights, ridgeLambda: (members.states.ridge as RidgeState | undefined)?.lambda } as ModelMetadata['ensembleWeights'],
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

interface MembersFitOptions {
  kinds: readonly MemberKind[];
  samples: Samples;
  trainO: number[];
  /** Validation origins for ridge λ and early stopping; without them: the λ already chosen, exactly `epochs` epochs. */
  valO?: number[];
  lookback: number;
  hyper: ModelHyperOptions;
  seed: number;
  epochs: number;
  symbol: string;
  /** In a refit: the evaluated fit's member states, by kind (their choices are kept). */
  selected?: Record<string, object>;
  onEpoch?: TrainOptions['onEpoch'];
  signal?: AbortSignal;
}

/**
 * The scaler and every member fitted on `trainO` (all fitted members are disposed if one fails).
 * Epochs are the iterative member's (the first that reports them; 0 when none does).
 */
async function fitMembers(o: MembersFitOptions) {
  const data = fitData(o.samples, o.trainO, o.valO, o.lookback);
  const members: FittedMember[] = [];
  let epochs: { run: number; best: number } | undefined;
  try {
    for (const kind of o.kinds) {
      const fit = await kind.fit(data, { hyper: o.hyper, seed: o.seed, epochs: o.epochs, symbol: o.symbol, selected: o.selected?.[kind.name], onEpoch: o.onEpoch, signal: o.signal });
      members.push(fit.member);
      epochs ??= fit.epochs;
    }
  } catch (err) {
    disposeEnsemble({ members });
    throw err;
  }
  const states: Record<string, object> = {};
  for (const m of members) states[m.kind] = m.state;
  return { members, epochs: epochs ?? { run: 0, best: 0 }, states: { ...states, scaler: data.scaler } as Record<string, object> & { scaler: EnsembleState['scaler'] } };
}

/**
 * P(up) calibration and conformal intervals from out-of-sample forecasts at `origins` of a
 * model fitted before them: standardised signal → P(up), then |actual − centre| / σ.
 */
function calibrateOn(model: Pick<EnsembleModel, 'state' | 'members'>, samples: Samples, origins: number[]): Pick<EnsembleState, 'calibration' | 'conformal'> {
  const { state } = model;
  const signals = combineSignals(state, memberOutputs(model, samples, origins));
  const sigmas = sigmasAt(state, samples, origins);
  const actual = targetsAt(samples, origins);
  const calibration = fitCalibration(signals.map((s, i) => s / at(sigmas, i, 'sigma')), actual.map(isUp));
  const centres = signals.map((s, i) => at(sigmas, i, 'sigma') * normalQuantile(upProbability(calibration, s / at(sigmas, i, 'sigma'))));
  return { calibration, conformal: fitConformal(actual.map((y, i) => (y - at(centres, i, 'centre')) / at(sigmas, i, 'sigma'))) };
}
