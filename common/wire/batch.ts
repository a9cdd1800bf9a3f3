/** Batch pipelines: trainSymbols, smartTraining, dailyCleanup. Safe for workflow code (types only). */
import type { RetrainPolicyVerdict } from './judgement.js';
import type { EvaluationSummary } from './evaluation.js';
import type { RetrainSymbolResult } from './retrain.js';

/**
 * A retrain's result as a batch carries it: the decision and the figures tables print, not the
 * full evaluations (those stay in the child's own result and the history database), so a batch
 * of 500 retrains stays far below Temporal's 512 KB payload warning.
 */
export interface RetrainOutcomeSummary extends Pick<RetrainSymbolResult,
  'symbol' | 'reason' | 'quick' | 'challengerVersion' | 'championBefore' | 'championAfter' | 'promoted' | 'decision' | 'trainingMs' | 'backend'> {
  challenger: Pick<EvaluationSummary, 'n' | 'directionAccuracy' | 'directionCi' | 'baselineDirectionAccuracy' | 'mape' | 'persistenceMape' | 'ece' | 'intervals'>;
  champion: Pick<EvaluationSummary, 'n' | 'directionAccuracy' | 'mape'> | null;
}

export interface TrainSymbolsInput {
  symbols?: string[];
  quick?: boolean;
  /** Skip the market-hours wait. */
  force?: boolean;
}

export interface RetrainRequestOutcome {
  symbol: string;
  /** 'done': ran (see result); 'already-running': another retrain of it was in progress; 'failed': see error. */
  status: 'done' | 'already-running' | 'failed';
  result?: RetrainOutcomeSummary;
  error?: string;
}

export interface BatchRetrainResult {
  requested: number;
  promoted: number;
  kept: number;
  failed: number;
  alreadyRunning: number;
  outcomes: RetrainRequestOutcome[];
}

export interface SmartTrainingInput {
  force?: boolean;
}

export interface DueSymbol {
  symbol: string;
  /** Human reasons, e.g. 'no model', 'model is 9 days old (> 7)'. */
  reasons: string[];
}

/** A symbol that was due, but the retrain policy refused it: the verdict and why it was due. */
export type RefusedDueSymbol = RetrainPolicyVerdict & { dueReasons: string[] };

export interface DueSymbols {
  due: DueSymbol[];
  refused: RefusedDueSymbol[];
}

export interface SmartTrainingResult extends BatchRetrainResult {
  due: DueSymbol[];
  /** Not retrained: nothing due, or refused by the retrain policy (those are also in retrainsRefused). */
  notDue: string[];
  retrainsRefused: RefusedDueSymbol[];
}

export interface CleanupResult {
  logsRemoved: number;
  tempRemoved: number;
  versionsPruned: number;
  reportsRemoved: number;
  backupsRemoved: number;
}
