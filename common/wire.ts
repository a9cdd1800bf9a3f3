/**
 * Input and output types of workflows and activities (one object argument each, so fields
 * can be added without breaking callers or running histories). Safe for workflow code.
 */

export interface RefreshPricesInput {
  /** Symbols to refresh; the configured universe when absent. */
  symbols?: string[];
  /**
   * Recompute the stored next-session forecast: only when new bars arrived (default), or
   * always (after a manual restore changed the champion).
   */
  forecast?: 'if-new-data' | 'always';
}

export interface FetchPricesInput {
  symbol: string;
}

export interface FetchPricesResult {
  symbol: string;
  source: string;
  rowsAdded: number;
  totalRows: number;
  firstDate: string | null;
  lastDate: string | null;
}

export type SymbolOutcome<T> =
  | ({ ok: true } & T)
  | { ok: false; symbol: string; errorType: string; error: string; retryable: boolean };

export interface RefreshPricesResult {
  outcomes: SymbolOutcome<FetchPricesResult>[];
  succeeded: number;
  failed: number;
}

/** Walk-forward metrics of one model on one window, always beside its naive baselines. */
export interface EvaluationSummary {
  /** Sessions scored (sample size). */
  n: number;
  from: string;
  to: string;
  directionAccuracy: number;
  /** Wilson 95% interval of the direction accuracy. */
  directionCi: [number, number];
  mape: number;
  mae: number;
  rmse: number;
  meanConfidence: number;
  brier: number;
  ece: number;
  /** The better of "always up" and "same direction as today" on the same days. */
  baselineDirectionAccuracy: number;
  baselineDirectionName: string;
  /** Persistence (tomorrow = today) on the same days. */
  persistenceMape: number;
  persistenceMae: number;
  /** 1 − model MAPE / persistence MAPE (> 0 beats persistence). */
  mapeSkill: number;
  /** 1 − model direction error / baseline direction error. */
  directionSkill: number;
}

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
}

export interface CompareResult {
  symbol: string;
  challenger: EvaluationSummary;
  champion: EvaluationSummary | null;
  challengerLoadsAndPredicts: boolean;
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

export interface SystemHealth {
  at: string;
  loadAverage1m: number;
  cpuCount: number;
  memoryUsedFraction: number;
  diskFreeBytes: number;
  diskFreeFraction: number;
  /** Human descriptions of the health thresholds breached (empty when healthy). */
  breaches: string[];
}

export interface ApiCheckResult {
  /** Base URL checked; null when no API is configured/running. */
  baseUrl: string | null;
  checks: Array<{ symbol: string; ok: boolean; status: number | null; latencyMs: number; error?: string }>;
  /** null when nothing was checked (no API configured). */
  successRate: number | null;
  p50LatencyMs: number | null;
}

export interface LiveScore {
  symbol: string;
  version: number;
  from: string;
  to: string;
  n: number;
  directionAccuracy: number;
  directionCi: [number, number];
  mape: number;
  meanConfidence: number;
  persistenceMape: number;
  baselineDirectionAccuracy: number;
}

export interface TrendAssessment {
  /** true when a recent window is significantly worse than the earlier one. */
  degrading: boolean;
  detail: string;
  recentN: number;
  earlierN: number;
}

export interface SymbolAssessment {
  symbol: string;
  championVersion: number | null;
  modelAgeDays: number | null;
  /** Hours since the champion was trained (for the retrain cooldown). */
  modelAgeHours: number | null;
  live: LiveScore | null;
  /** Performance thresholds breached (with enough samples), e.g. 'MAPE 7.2% > 5% (n=41)'. */
  breaches: string[];
  trend: TrendAssessment | null;
  /** Why no judgement was made, e.g. 'only 6 live sessions (< 20)'. */
  note?: string;
}

export interface AlertInput {
  symbol: string | null;
  kind: 'performance' | 'trend' | 'health' | 'api' | 'data' | 'retrain';
  severity: 'info' | 'warning' | 'critical';
  message: string;
  details?: Record<string, unknown>;
}

export interface MonitorAllInput {
  symbols?: string[];
}

export interface MonitorAllResult {
  at: string;
  health: SystemHealth;
  api: ApiCheckResult;
  assessments: SymbolAssessment[];
  alerts: number;
  retrainsStarted: string[];
  retrainsAlreadyRunning: string[];
  /** Breached, but the champion is younger than the retrain cooldown. */
  retrainsCoolingDown: string[];
  dataFailures: Array<{ symbol: string; error: string }>;
  reportId: string;
}

export interface ReportInput {
  kind: 'monitor' | 'monthly';
  title: string;
  monitor?: Omit<MonitorAllResult, 'reportId'>;
  retrains?: BatchRetrainResult;
}

export interface ReportResult {
  reportId: string;
  htmlPath: string;
  markdownPath: string;
}

export interface MonthlyComprehensiveResult {
  retrains: BatchRetrainResult;
  report: ReportResult;
}

export interface CleanupResult {
  logsRemoved: number;
  tempRemoved: number;
  versionsPruned: number;
  reportsRemoved: number;
  backupsRemoved: number;
}

export interface BacktestInput {
  symbol: string;
  /** Version to evaluate; the champion when absent. */
  version?: number;
  /** Price source spec ("csv:DIR", "yahoo", "synthetic[:SEED]"); the configured cache when absent. */
  source?: string;
  from?: string;
  to?: string;
}

export interface BacktestResult {
  symbol: string;
  version: number;
  source: string;
  evaluation: EvaluationSummary;
  /** true when some evaluated session was used to fit or calibrate the model (not an honest holdout). */
  overlapsTraining: boolean;
}
