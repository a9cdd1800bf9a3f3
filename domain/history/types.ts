/**
 * Records kept in the history database. Timestamps are ISO-8601 UTC strings
 * (`2025-01-06T21:05:00.000Z`); trading days are `YYYY-MM-DD`. Metric values are fractions.
 * Inputs accept a Date or any parseable time string and are normalised to that form, so
 * ordering by the text column is chronological.
 */

import type { EvaluationSummary } from '../../common/wire/index.js';
import type { ForecastIntervals } from '../../common/wire/index.js';

export type Timestamp = string | Date;
export type EvaluationKind = 'holdout' | 'backtest' | 'live';
/** 'none': the model has no directional information (issue 10); 'flat' only in rows written before it. */
export type Direction = 'up' | 'down' | 'none' | 'flat';

export interface EvaluationInput {
  symbol: string;
  version: number;
  /** Default: the store's clock. */
  evaluatedAt?: Timestamp;
  kind: EvaluationKind;
  /** First and last evaluated trading day. */
  from: string;
  to: string;
  n: number;
  /** The evaluation's summary: metrics beside the baselines on the same days. */
  metrics: StoredEvaluationMetrics;
  /** Data source the evaluation ran on (`yahoo`, `csv:…`, `synthetic`). */
  source?: string | null;
}

/**
 * What an evaluation row keeps: the `EvaluationSummary` (the one wire form of an evaluation),
 * and for backtests whether the days overlap the model's training. Parsed with zod when read
 * (evaluations.ts); a field that rows written by older code lack, or that does not parse, is absent.
 */
export type StoredEvaluationMetrics = Partial<EvaluationSummary> & { overlapsTraining?: boolean };

export interface EvaluationRecord extends Required<Omit<EvaluationInput, 'evaluatedAt' | 'source'>> {
  id: number;
  evaluatedAt: string;
  source: string | null;
}

export interface LiveScoreInput {
  symbol: string;
  version: number;
  scoredAt?: Timestamp;
  /** Window of trading days scored. */
  from: string;
  to: string;
  n: number;
  directionAccuracy: number | null;
  mape: number | null;
  meanConfidence: number | null;
  /** Anything else (CI, MAE, Brier, …). */
  details?: Record<string, unknown>;
}

export interface LiveScoreRecord extends Omit<LiveScoreInput, 'scoredAt' | 'details'> {
  id: number;
  scoredAt: string;
  details: Record<string, unknown>;
}

export interface PredictionInput {
  symbol: string;
  /** Last trading day whose data the forecast used. */
  asOf: string;
  /** Session the forecast is for, when known. */
  targetDate?: string | null;
  forecastClose: number;
  /** Close on `asOf`, for forecast-vs-actual charts. */
  lastClose?: number | null;
  direction: Direction;
  /** Calibrated probability that the direction is right (0..1). */
  confidence: number;
  modelVersion: number;
  /** 80% and 95% prediction intervals of the close of targetDate (low < forecastClose < high). */
  intervals?: ForecastIntervals | null;
  createdAt?: Timestamp;
  details?: Record<string, unknown>;
}

export interface PredictionRecord extends Omit<PredictionInput, 'createdAt' | 'details' | 'targetDate' | 'lastClose' | 'intervals'> {
  id: number;
  targetDate: string | null;
  lastClose: number | null;
  /** Null for forecasts stored before intervals existed. */
  intervals: ForecastIntervals | null;
  createdAt: string;
  details: Record<string, unknown>;
}

export interface ReportInput {
  at?: Timestamp;
  /** e.g. `monthly-comprehensive`, `monitor`. */
  kind: string;
  /** Files the report was written to. */
  paths?: string[];
  summary?: Record<string, unknown>;
}

export interface ReportRecord {
  id: number;
  at: string;
  kind: string;
  paths: string[];
  summary: Record<string, unknown>;
}

export interface DecisionInput {
  at?: Timestamp;
  symbol: string;
  challengerVersion: number | null;
  championVersion: number | null;
  promoted: boolean;
  reason: string;
  /** The gate's comparisons and margins, as decided. */
  details?: Record<string, unknown>;
  /** Workflow that made the decision, for links into the Temporal UI. */
  workflowId?: string | null;
}

export interface DecisionRecord extends Omit<DecisionInput, 'at' | 'details' | 'workflowId'> {
  id: number;
  at: string;
  details: Record<string, unknown>;
  workflowId: string | null;
}

export interface SinceQuery {
  /** Only records at or after this time. */
  since?: Timestamp;
  /** At most this many, the newest ones. */
  limit?: number;
}

export type RetrainOutcome = 'started' | 'promoted' | 'kept' | 'failed';

export interface RetrainAttemptStart {
  symbol: string;
  /** Default: the store's clock. */
  startedAt?: Timestamp;
  /** The retrain workflow's id and run id: one attempt per run (a retried record is not duplicated). */
  workflowId: string;
  runId: string;
  /** Why it was started ('alert: …', 'scheduled: …', 'manual train'). */
  reason: string;
  /** Last bar of the data the challenger trains on (after the refresh); null when none was cached. */
  lastBar: string | null;
}

export interface RetrainAttemptFinish {
  workflowId: string;
  runId: string;
  outcome: Exclude<RetrainOutcome, 'started'>;
  /** The gate's reason (promoted / kept) or the error (failed). */
  detail: string;
  finishedAt?: Timestamp;
}

export interface RetrainAttemptRecord {
  id: number;
  symbol: string;
  startedAt: string;
  workflowId: string;
  runId: string;
  reason: string;
  lastBar: string | null;
  /** 'started' while it runs (or when it ended without recording an outcome). */
  outcome: RetrainOutcome;
  detail: string | null;
  finishedAt: string | null;
}

/** The outcome of one price refresh of a symbol (`refresh_status`, one row per symbol). */
export interface RefreshStatusInput {
  symbol: string;
  /** When the refresh ended; default: the clock. */
  at?: Timestamp;
  ok: boolean;
  /** Why it failed; required when `ok` is false, absent when true. */
  error?: string | null;
  /** Last cached bar after the refresh (on failure: the cached one, if it could be read; null keeps the stored one). */
  lastBar?: string | null;
}

export interface RefreshStatusRecord {
  symbol: string;
  at: string;
  ok: boolean;
  error: string | null;
  lastBar: string | null;
  /** The last refresh that succeeded; null when none has. */
  lastSuccessAt: string | null;
}
