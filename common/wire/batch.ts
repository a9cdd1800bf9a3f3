/** Batch pipelines: trainSymbols, smartTraining, dailyCleanup. Safe for workflow code (types only). */
import type { RetrainSymbolResult } from './retrain';

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
  result?: RetrainSymbolResult;
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

export interface SmartTrainingResult extends BatchRetrainResult {
  due: DueSymbol[];
  notDue: string[];
}

export interface CleanupResult {
  logsRemoved: number;
  tempRemoved: number;
  versionsPruned: number;
  reportsRemoved: number;
  backupsRemoved: number;
}
