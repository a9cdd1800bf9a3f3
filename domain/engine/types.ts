import type { Interval, PriceErrors } from './metrics.js';
import type { DirectionBaseline } from './baselines.js';
import type { IntervalScoreSummary } from '../../common/wire/index.js';
import type { DatedForecast } from './stored-forecasts.js';

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
  /** Share of sessions with a stated direction (not "none"), and the accuracy on those. */
  statedShare: number;
  /** Null when no session had a stated direction. */
  statedAccuracy: number | null;
  /** Mean and least calibrated P(more likely side right), 0.5..1 (accuracy scores that side on every session). */
  meanConfidence: number;
  minConfidence: number;
  /** Brier score of P(up) (equal to that of the confidence in the more likely side). */
  brier: number;
  /** Brier score of always forecasting the base rate of up days before the window; brierSkill = 1 − brier / baseRateBrier. */
  baseRateBrier: number;
  brierSkill: number;
  /** Expected calibration error, 10 equal-width bins. */
  ece: number;
  /** 80% and 95% prediction intervals, in log-return units. */
  intervals: { p80: IntervalScoreSummary; p95: IntervalScoreSummary };
}

export interface EvaluationReport {
  symbol: string;
  /** Sessions forecast; every forecast uses only bars up to the session before. */
  range: DateRange;
  model: ModelScores;
  baselines: {
    persistence: PriceErrors;
    direction: DirectionBaseline;
    /** Centred normal intervals from the standard deviation of the 250 returns before each session. */
    rollingStd: { p80: IntervalScoreSummary; p95: IntervalScoreSummary };
  };
  /** 1 − model error / baseline error: > 0 beats the baseline. */
  skill: { mape: number; mae: number; direction: number };
  /** True when some evaluated session was used to fit or calibrate this model (not an honest holdout). */
  overlapsTraining: boolean;
}

/** One fit of the members: the data it saw and how it was fitted. */
export interface FitRecord {
  /** Bars the fit saw, feature warm-up through the last training (or validation) target. */
  bars: { from: string; to: string; n: number };
  train: DateRange;
  /** Early-stopping / weights slice; null for the served refit (it runs the selected epoch count). */
  validation: DateRange | null;
  /** Out-of-sample sessions the P(up) calibration and the conformal intervals were fitted on. */
  calibratedOn: DateRange;
  epochs: number;
  volatility: 'garch' | 'ewma';
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
  /**
   * The evaluated fit (scored in `evaluation`, its data ends before the evaluation window) and
   * the served fit (refitted through the last bar; null when training skipped the refit and the
   * evaluated fit is served). `dataRange.train`/`validation` are the evaluated fit's.
   */
  fits: { evaluated: FitRecord; served: FitRecord | null };
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
  /** Scores on the held-out evaluation sessions, with their baselines (of the evaluated fit). */
  evaluation: EvaluationReport;
  /**
   * The evaluated fit's forecast of every evaluation session (out of sample). The served fit has
   * seen those sessions, so charts, skill-drop and champion comparisons use these instead.
   * Absent in models trained before issue 10.
   */
  evaluationForecasts?: DatedForecast[];
}
