/** Walk-forward evaluation summaries and backtests. Safe for workflow code (types only). */

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
  /** The 80% / 95% prediction intervals' scores beside the rolling-std baseline's (absent for models trained before intervals). */
  intervals?: EvaluationIntervals;
}

/** Scores of one interval level on the evaluated sessions, in log-return units. */
export interface IntervalScoreSummary {
  n: number;
  /** Nominal level (0.8, 0.95). */
  level: number;
  /** Share of actual next-session log returns inside the interval. */
  coverage: number;
  meanWidth: number;
  /** Mean Winkler interval score (lower is better). */
  intervalScore: number;
  /** Mean pinball loss of the two bounds as quantiles (lower is better). */
  pinball: number;
}

export interface IntervalLevels {
  p80: IntervalScoreSummary;
  p95: IntervalScoreSummary;
}

/** The model's intervals and, on the same sessions, the rolling 250-session standard-deviation baseline. */
export interface EvaluationIntervals {
  model: IntervalLevels;
  rollingStd: IntervalLevels;
}

export interface BacktestInput {
  symbol: string;
  /** Version to evaluate; the champion when absent. */
  version?: number;
  /** Price source spec ("csv:DIR", "yahoo", "synthetic[:SEED]"), built as the configured one is (a relative DIR against the config file's directory); the configured cache when absent. */
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
