import type { Interval, PriceErrors } from './metrics.js';
import type { DirectionBaseline } from './baselines.js';

/** Sessions forecast (target dates, i.e. the day after each origin) in one slice of the data. */
export interface DateRange {
  from: string;
  to: string;
  n: number;
}

export interface ModelScores {
  /** Share of days whose direction (up = close above the previous close) was right, 0..1. */
  directionAccuracy: number;
  /** Wilson 95% interval for directionAccuracy. */
  directionCi95: Interval;
  /** MAPE as a fraction (0.02 = 2%), MAE and RMSE in price units. */
  mape: number;
  mae: number;
  rmse: number;
  /** Mean calibrated P(direction right), 0..1. */
  meanConfidence: number;
  brier: number;
  /** Expected calibration error, 10 equal-width bins. */
  ece: number;
}

export interface EvaluationReport {
  symbol: string;
  /** Sessions forecast; every forecast uses only bars up to the session before. */
  range: DateRange;
  model: ModelScores;
  baselines: {
    persistence: PriceErrors;
    direction: DirectionBaseline;
  };
  /** 1 − model error / baseline error: > 0 beats the baseline. */
  skill: { mape: number; mae: number; direction: number };
  /** True when some evaluated session was used to fit or calibrate this model (not an honest holdout). */
  overlapsTraining: boolean;
}

export interface HyperParameters {
  lookback: number;
  gruUnits: number;
  batchSize: number;
  learningRate: number;
  patience: number;
  maxEpochs: number;
  ridgeLambdas: number[];
  evalDays: number;
  valDays: number;
  maxTrainDays: number;
}

export interface ModelMetadata {
  formatVersion: 1;
  recipe: string;
  symbol: string;
  trainedAt: string;
  /** sha256 of the bars used (warm-up through the last evaluated session), canonical CSV. */
  dataHash: string;
  dataRange: {
    /** First session kept after dropping a pre-listing stretch, and why it was dropped. */
    usableFrom: string;
    usableReason: 'full' | 'known-listing' | 'flat-stretch';
    bars: { from: string; to: string; n: number };
    train: DateRange;
    validation: DateRange;
    evaluation: DateRange;
  };
  features: string[];
  hyperParameters: HyperParameters;
  seed: number;
  backend: string;
  epochsRun: number;
  bestEpoch: number;
  quick: boolean;
  trainingMs: number;
  /** Validation-fitted combination: return = shrink · (w_gru · gru + w_ridge · ridge). */
  ensembleWeights: { gru: number; ridge: number; shrink: number; ridgeLambda: number };
  /** Scores on the held-out evaluation sessions, with their baselines. */
  evaluation: EvaluationReport;
}
