/**
 * Judgement of a champion and of a symbol's data: skill against the naive baselines on the same
 * live sessions, freshness against the NYSE calendar, incidents, and the retrain policy.
 * Safe for workflow code (types only).
 */

/** One live (or holdout) session: the forecast made from bars up to the session before, and what happened. */
export interface JudgedSession {
  date: string;
  /** The close before `lastClose` (for the same-as-today rule). */
  previousClose: number;
  /** The last close the forecast saw (persistence forecasts this). */
  lastClose: number;
  forecastClose: number;
  actualClose: number;
  direction: 'up' | 'down';
  /** Calibrated P(direction right). */
  confidence: number;
  /** The stored forecast's 80% interval of the close (absent for forecasts stored before intervals). */
  p80?: { low: number; high: number };
}

/** The skill rules: each compares the model with a baseline on the same sessions. */
export type SkillRule =
  /** Absolute percentage error of the close vs persistence (Diebold–Mariano, HAC variance). */
  | 'error-vs-persistence'
  /** Direction hits vs the naive rule chosen on the sessions before the live window. */
  | 'direction-vs-naive'
  /** Brier score of P(up) vs always saying the base rate of up days (from before the window). */
  | 'brier-vs-base-rate'
  /** The live loss differential (model − persistence) vs the same differential on the holdout. */
  | 'skill-drop'
  /** Change detection on the live loss differential: the recent window vs the earlier one. */
  | 'skill-trend'
  /** Live 80% interval coverage below 80% (one-sided exact binomial test). */
  | 'interval-coverage';

export type NaiveDirectionRule = 'always-up' | 'always-down' | 'same-as-today';

export interface SkillTest {
  rule: SkillRule;
  /** Sessions the test used. */
  n: number;
  /** Mean loss of the model and of its baseline on the same sessions (skill-drop/trend: relative skill, MAPE ÷ persistence MAPE − 1, now vs before). */
  model: number;
  baseline: number;
  /** e.g. "persistence", "always-down (chosen on the 250 sessions before 2025-01-02)", "base rate 53.1% up". */
  baselineName: string;
  /** Test statistic and the one-sided p-value of "the model is worse"; null when it could not be computed. */
  statistic: number | null;
  pValue: number | null;
  /** p-value after Holm's correction across the rules of one judgement (what `breach` uses). */
  adjustedPValue: number | null;
  breach: boolean;
  /** One line for people: both values, n and p. */
  detail: string;
}

export interface SkillJudgement {
  /** Live sessions judged. */
  n: number;
  from: string | null;
  to: string | null;
  /** One-sided significance level the breaches use. */
  alpha: number;
  tests: SkillTest[];
  /** The rules breached (the tests with breach: true). */
  breached: SkillRule[];
  /** Why nothing (or not everything) was judged, e.g. "only 12 live sessions (< 20)". */
  note?: string;
}

export type FreshnessState = 'fresh' | 'stale' | 'failing';

export interface Freshness {
  symbol: string;
  state: FreshnessState;
  /** Last cached bar; null when nothing is cached. */
  lastBar: string | null;
  /** The last completed NYSE session at `checkedAt`. */
  lastCompletedSession: string;
  /** Completed sessions after lastBar up to lastCompletedSession; null when nothing is cached. */
  sessionsBehind: number | null;
  /** When state is "failing": the last refresh's error. */
  error?: string;
  checkedAt: string;
}

export type IncidentSeverity = 'info' | 'warning' | 'critical';

/**
 * What one monitoring run found true. Incidents are keyed by (symbol, rule): the same
 * condition on the next run updates the open incident instead of raising a new one.
 */
export interface IncidentCondition {
  /** null: system-wide. */
  symbol: string | null;
  /** A SkillRule, or 'model-age', 'absolute-threshold', 'freshness', 'data', 'api', 'health', 'no-skill', 'integrity'. */
  rule: string;
  severity: IncidentSeverity;
  message: string;
  /** What the operator should do about this cause. */
  advice: string;
  details?: Record<string, unknown>;
}

export interface Incident {
  id: number;
  symbol: string | null;
  rule: string;
  severity: IncidentSeverity;
  status: 'open' | 'resolved';
  message: string;
  advice: string;
  firstSeen: string;
  lastSeen: string;
  /** Monitoring runs that saw the condition while this incident was open. */
  occurrences: number;
  resolvedAt: string | null;
  acknowledged: boolean;
  acknowledgedAt: string | null;
  details: Record<string, unknown>;
}

/** A condition as monitorAll sends it: without advice, which the activity builds (common/incident-advice.ts). */
export type IncidentConditionInput = Omit<IncidentCondition, 'advice'> & { advice?: string };

/** What the run did about its conditions, which the advice depends on: kept small (symbols and reasons only). */
export interface IncidentAdviceContext {
  retrainsStarted: string[];
  retrainsAlreadyRunning: string[];
  retrainsRefused: { symbol: string; reason: string }[];
}

export interface ReconcileIncidentsInput {
  /** Conditions without advice get it from `adviceContext` (none started, running or refused when absent). */
  conditions: IncidentConditionInput[];
  adviceContext?: IncidentAdviceContext;
  /** What this run checked: open incidents in scope whose condition is absent are resolved. */
  scope: { symbols: string[]; system: boolean };
}

export interface ReconcileIncidentsResult {
  opened: number[];
  updated: number[];
  resolved: number[];
  /** HTTP status of the webhook POST (sent only when something opened or resolved); null when none was sent. */
  webhookStatus: number | null;
  webhookError?: string;
}

export type RetrainPolicyState = 'allowed' | 'cooldown' | 'no-new-data' | 'no-skill';

/** Whether an automatic retrain of a symbol may start now, and why not. */
export interface RetrainPolicyVerdict {
  symbol: string;
  allowed: boolean;
  state: RetrainPolicyState;
  reason: string;
  lastAttemptAt: string | null;
  /** Challengers refused in a row (0 after a promotion). */
  consecutiveRefusals: number;
}
