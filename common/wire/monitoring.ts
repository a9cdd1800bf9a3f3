/** monitorAll: health, API check, live performance, alerts. Safe for workflow code (types only). */
import type { RetrainPolicyVerdict } from './judgement';

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
  /** Breached, but the retrain policy refused an automatic retrain (cooldown, no new data, no-skill) and why. */
  retrainsRefused: RetrainPolicyVerdict[];
  dataFailures: Array<{ symbol: string; error: string }>;
  reportId: string;
  /** The report's HTML and Markdown files (as the worker wrote them). */
  reportPaths: string[];
}
