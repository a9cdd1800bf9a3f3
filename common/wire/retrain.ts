/** retrainSymbol and the activities it orchestrates. Safe for workflow code (types only). */
import type { EvaluationSummary } from './evaluation.js';

export interface PipelineSettings {
  avoidMarketHours: boolean;
  symbols: string[];
  quickEpochs: number;
  epochs: number;
  seed: number;
  /** Child workflows (retrains) at once in batch pipelines. */
  retrainConcurrency: number;
  /** Extra wait after the closing bell, so the day's bar is final at the provider. */
  afterCloseDelayMs: number;
  /** No alert-triggered retrain of a champion younger than this. */
  retrainCooldownHours: number;
}

export interface MarketClock {
  /** As-of instant of this run, ISO. */
  now: string;
  marketOpen: boolean;
  /** 0 when the regular session is not in progress. */
  msUntilClose: number;
}

export interface RetrainSymbolInput {
  symbol: string;
  /** Why: 'manual', 'scheduled: older than 7 days', 'alert: MAPE 6.1% > 5%', … */
  reason: string;
  quick?: boolean;
  /** Retrain during market hours too (skip the wait). */
  force?: boolean;
}

export type RetrainStage =
  | 'starting' | 'waiting-for-market-close' | 'refreshing-prices' | 'backing-up' | 'training'
  | 'evaluating' | 'deciding' | 'recording' | 'compensating' | 'done' | 'failed';

export interface RetrainStatus {
  symbol: string;
  stage: RetrainStage;
  reason: string;
  quick: boolean;
  /** Until when a durable wait for the market close lasts (ISO), while waiting. */
  waitingUntil?: string;
  challengerVersion?: number;
  error?: string;
}

export interface TrainChallengerInput {
  symbol: string;
  quick: boolean;
  seed: number;
  reason: string;
  /**
   * The last session the retrain's price refresh saw (fetchPrices' lastDate): the worker that
   * trains reads its own price cache, refreshed first when it ends earlier, through this session
   * only. Omitted: the last refresh recorded in the history.
   */
  pricesThrough?: string | null;
}

export interface TrainChallengerResult {
  symbol: string;
  version: number;
  epochs: number;
  backend: string;
  durationMs: number;
  recipe: string;
  holdout: EvaluationSummary;
}

export interface TrainingProgress {
  epoch: number;
  epochs: number;
  loss?: number;
  valLoss?: number;
}

export interface BackupResult {
  symbol: string;
  backupId: string | null;
  championVersion: number | null;
}

export interface CompareInput {
  symbol: string;
  challengerVersion: number;
  championVersion: number | null;
  /** trainChallenger's holdout: its sessions are the window both models are scored on. */
  challengerHoldout: EvaluationSummary;
  /** As TrainChallengerInput.pricesThrough: the same series the challenger was trained on. */
  pricesThrough?: string | null;
}

export interface CompareResult {
  symbol: string;
  /** The challenger's walk-forward holdout, computed while training (the comparison window). */
  challenger: EvaluationSummary;
  /** The champion scored on the same sessions; null when there is none or it could not be scored. */
  champion: EvaluationSummary | null;
  /** The saved challenger passed its checksums and loaded into TensorFlow.js. */
  challengerLoaded: boolean;
  /** …and produced a next-session forecast from the latest bars. */
  challengerPredicted: boolean;
  /** Why it did not load or predict. */
  challengerError?: string;
}

export interface PromotionResult {
  symbol: string;
  promoted: boolean;
  reason: string;
  championVersion: number | null;
}

export interface RetrainSymbolResult {
  symbol: string;
  reason: string;
  quick: boolean;
  challengerVersion: number;
  championBefore: number | null;
  championAfter: number | null;
  promoted: boolean;
  decision: string;
  backupId: string | null;
  challenger: EvaluationSummary;
  champion: EvaluationSummary | null;
  waitedForMarketCloseMs: number;
  trainingMs: number;
  backend: string;
}

export interface RecordRetrainInput {
  result: RetrainSymbolResult;
  workflowId: string;
  runId: string;
}

export interface RestoreInput {
  symbol: string;
  backupId: string;
  reason: string;
}

/** A retrain run began training on data through `lastBar` (recorded after its price refresh). */
export interface RetrainAttemptStartedInput {
  symbol: string;
  workflowId: string;
  runId: string;
  reason: string;
  lastBar: string | null;
}

/** How a recorded retrain run ended: the gate's reason, or the error. */
export interface RetrainAttemptOutcomeInput {
  symbol: string;
  workflowId: string;
  runId: string;
  outcome: 'promoted' | 'kept' | 'failed';
  detail: string;
}

export interface RetrainPolicyRequest {
  symbol: string;
  /** Allowed whatever the history says (the verdict still says what would have refused it). */
  force: boolean;
}
