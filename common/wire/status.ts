/**
 * A symbol's status row: the one answer of `GET /models` (and the dashboard) and `stockflow status`,
 * built by domain/serving's `symbolStatuses`. Metric values are
 * fractions, times ISO-8601 UTC, days YYYY-MM-DD.
 */
import type { EvaluationSummary } from './evaluation.js';
import type { ForecastIntervals } from './forecast.js';
import type { Freshness, SkillJudgement } from './judgement.js';

/** 'off': the threshold is not configured (the absolute thresholds are off by default). */
export type CheckStatus = 'ok' | 'warn' | 'breach' | 'unknown' | 'off';

/** One metric against its threshold, with its baseline and sample size. */
export interface MetricCheck {
  value: number | null;
  /** null: the threshold is off (the absolute thresholds are off by default). */
  threshold: number | null;
  /** 'min': value must be ≥ threshold; 'max': value must be ≤ threshold. */
  kind: 'min' | 'max';
  status: CheckStatus;
  baseline: number | null;
  baselineName: string | null;
  n: number | null;
  /** Where the value comes from: the latest live score of the champion, its holdout, or the registry (age). */
  basis: 'live' | 'holdout' | 'registry' | null;
}

/** The thresholds a row was judged against (config `thresholds` with the symbol's overrides). */
export interface StatusThresholds {
  maxModelAgeDays: number;
  minDirectionAccuracy: number | null;
  maxMape: number | null;
  minConfidence: number | null;
}

/** What the registry says of a symbol's champion (cached by the API, rebuilt when the pointer moves). */
export interface ModelSummary {
  symbol: string;
  configured: boolean;
  champion: { version: number; since: string; reason: string } | null;
  /** Set when champion.json exists but cannot be read, or the champion fails verification. */
  championProblem?: string;
  trainedAt: string | null;
  recipe: string | null;
  quick: boolean | null;
  epochsRun: number | null;
  backend: string | null;
  /** Sessions of the data the champion was trained and evaluated on. */
  dataRange: { from: string; to: string } | null;
  /** Holdout (walk-forward, never seen by any fit) scores of the champion beside its naive baselines. */
  holdout: EvaluationSummary | null;
  versionCount: number;
}

/** Open incidents (acknowledged or not), in total and per severity. */
export interface IncidentCounts {
  total: number;
  critical: number;
  warning: number;
  info: number;
}

export interface LastRun {
  at: string;
  kind: 'retrain' | 'evaluation' | 'live-score';
  detail: string;
  workflowId: string | null;
}

/** The symbol's latest promotion decision. */
export interface LastDecision {
  at: string;
  promoted: boolean;
  challengerVersion: number | null;
  championVersion: number | null;
  reason: string;
}

export interface LiveSummary {
  scoredAt: string;
  version: number;
  from: string;
  to: string;
  n: number;
  directionAccuracy: number | null;
  directionCi: [number, number] | null;
  mape: number | null;
  meanConfidence: number | null;
  persistenceMape: number | null;
  baselineDirectionAccuracy: number | null;
}

export interface ForecastView {
  symbol: string;
  asOf: string;
  /** The session the forecast is for: stored with it, else the first session after `asOf`. */
  targetDate: string;
  forecastClose: number;
  lastClose: number | null;
  /** forecastClose / lastClose − 1, when the last close is known. */
  expectedChange: number | null;
  /** "none": no directional information; "flat" only in forecasts stored before issue 10. */
  direction: 'up' | 'down' | 'none' | 'flat';
  confidence: number;
  /** 80% / 95% intervals of the close of targetDate; null for forecasts stored before intervals existed. */
  intervals: ForecastIntervals | null;
  modelVersion: number;
  createdAt: string;
}

export interface SymbolChecks {
  directionAccuracy: MetricCheck;
  mape: MetricCheck;
  confidence: MetricCheck;
  age: MetricCheck;
}

/** One symbol's status: the champion, its judged metrics and skill, runs, incidents, forecast and data. */
export interface SymbolStatus extends ModelSummary {
  ageSeconds: number | null;
  ageDays: number | null;
  live: LiveSummary | null;
  thresholds: StatusThresholds;
  checks: SymbolChecks;
  /** The champion's skill judgement from its latest live score (null: none stored yet). */
  skill: SkillJudgement | null;
  /** Worst of the checks and the skill judgement; 'no-model' when there is no champion. */
  status: CheckStatus | 'no-model';
  lastRun: LastRun | null;
  lastDecision: LastDecision | null;
  nextRun: { training: string | null; monitoring: string | null };
  openIncidents: IncidentCounts;
  latestForecast: ForecastView | null;
  /** The symbol's data against the last completed NYSE session. */
  freshness: Freshness;
  /** More completed sessions behind than `monitoring.staleAfterSessions`, or no data. */
  stale: boolean;
}
