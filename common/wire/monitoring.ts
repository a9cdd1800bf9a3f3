/** monitorAll: health, API check, live performance, incidents. Safe for workflow code (types only). */
import type { Freshness, ReconcileIncidentsResult, RetrainPolicyVerdict, SkillJudgement } from './judgement.js';

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

export interface SymbolAssessment {
  symbol: string;
  championVersion: number | null;
  modelAgeDays: number | null;
  live: LiveScore | null;
  /** The skill rules on the live sessions (null without a champion); stored with the live score. */
  skill: SkillJudgement | null;
  /**
   * Performance breaches that start a retrain (with enough samples): the breached skill rules
   * (skill-trend only warns), then any configured absolute threshold, e.g.
   * 'error-vs-persistence: MAPE 2.31% vs persistence 2.05% (n=41, DM t=2.90, p=0.004)'.
   */
  breaches: string[];
  /** The configured absolute thresholds breached (off by default), e.g. 'MAPE 7.2% > 5.0% (persistence 6.9%, n=41)'. */
  absoluteBreaches: string[];
  /** 'model is 9 days old (> 7)' when the champion is past thresholds.maxModelAgeDays. */
  ageBreach: string | null;
  /** Why the champion's files fail verification (then nothing else is judged); null when intact or absent. */
  integrityProblem: string | null;
  /** Whether an automatic retrain of this symbol may start now (cooldown, no new data, no-skill). */
  retrainPolicy: RetrainPolicyVerdict;
  /** Why no judgement was made, e.g. 'only 6 live sessions (< 20)'. */
  note?: string;
  /** The judgement as text (skill verdict, or why nothing was judged), for tables and reports. */
  verdict: string;
}

export interface MonitorAllInput {
  symbols?: string[];
}

/** The API check in a run's result: counts, and only the failed checks. */
export interface ApiCheckSummary {
  baseUrl: string | null;
  checked: number;
  failed: ApiCheckResult['checks'];
  successRate: number | null;
  p50LatencyMs: number | null;
}

/** How many symbols a run found in each state (a symbol may be in several). */
export interface MonitorCounts {
  symbols: number;
  withChampion: number;
  /** Performance breaches that start a retrain (skill rules with enough samples, absolute thresholds). */
  breaching: number;
  integrityProblems: number;
  ageBreaches: number;
  noSkill: number;
  /** Freshness against the last completed NYSE session. */
  stale: number;
  refreshFailing: number;
  /** API checks that failed, except a 404 for a symbol without a champion (no forecast to serve, by design). */
  apiFailed: number;
}

/** A symbol that needs attention, in short: what is wrong with it (details: the run's assessSymbols results, the report). */
export interface SymbolAttention {
  symbol: string;
  championVersion: number | null;
  /** e.g. 'no champion', 'error-vs-persistence: MAPE …', 'stale: 3 sessions behind', 'API: HTTP 500'. */
  problems: string[];
}

/**
 * monitorAll's result, compact at any universe size: counts, the symbols that need attention,
 * and what the run did. Each symbol's full assessment stays in the run's history (the
 * assessSymbols results) and in the report.
 */
export interface MonitorAllResult {
  at: string;
  health: SystemHealth;
  api: ApiCheckSummary;
  counts: MonitorCounts;
  attention: SymbolAttention[];
  /** What this run did to the incidents (ids opened, updated, resolved) and the webhook POST's outcome. */
  incidents: ReconcileIncidentsResult;
  retrainsStarted: string[];
  retrainsAlreadyRunning: string[];
  /** Breached, but the retrain policy refused an automatic retrain (cooldown, no new data, no-skill) and why. */
  retrainsRefused: RetrainPolicyVerdict[];
  dataFailures: Array<{ symbol: string; error: string }>;
  reportId: string;
  /** The report's HTML and Markdown files (as the worker wrote them). */
  reportPaths: string[];
}

/** One row of the report's live-performance table: the figures, not the skill tests behind them. */
export interface MonitorReportRow {
  symbol: string;
  championVersion: number | null;
  modelAgeDays: number | null;
  live: Pick<LiveScore, 'n' | 'directionAccuracy' | 'directionCi' | 'baselineDirectionAccuracy' | 'mape' | 'persistenceMape' | 'meanConfidence'> | null;
  verdict: string;
  breaches: string[];
}

/** What a monitoring report is written from: the compact result, one lean row per symbol, the freshness that is not fresh. */
export interface MonitorReportInput extends Omit<MonitorAllResult, 'reportId' | 'reportPaths'> {
  rows: MonitorReportRow[];
  notFresh: Freshness[];
}
