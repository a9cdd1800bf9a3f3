/**
 * What buildApp needs (injected, so tests hand in temporary stores) and the shapes the API
 * returns. Metric values are fractions (0.021 = 2.1 %), times ISO-8601 UTC, days YYYY-MM-DD.
 */
import type { EvaluationSummary } from '../../common/wire/index.js';
import type { ApiActions } from './actions.js';
import type { Thresholds } from '../../config/index.js';
import type { HistoryStore } from '../../domain/history/index.js';
import type { PriceCache } from '../../domain/prices/index.js';
import type { ModelRegistry } from '../../domain/registry/index.js';

/** One Temporal schedule as the dashboard shows it (see schedules/listSchedules). */
export interface ScheduleInfo {
  id: string;
  paused: boolean;
  /** Upcoming run times, ISO, soonest first. */
  nextRunTimes: string[];
  /** Most recent run, ISO. */
  lastRun?: string;
}

export interface ApiLogger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

/** The part of the configuration the API reads. */
export interface ApiConfig {
  symbols: readonly string[];
  thresholds: Thresholds & { overrides: Record<string, Partial<Thresholds>> };
  /** `token`: bearer token required by every data route; `corsOrigins`: origins allowed by CORS (none: CORS off; `*`: any). */
  api?: { token?: string; corsOrigins?: readonly string[] };
  /**
   * Live sessions needed before live scores are judged (as monitoring does); default 20.
   * A symbol more than `staleAfterSessions` completed NYSE sessions behind is stale; default 1.
   */
  monitoring?: { minLiveSessions: number; staleAfterSessions?: number };
}

export interface ApiDeps {
  registry: ModelRegistry;
  history: HistoryStore;
  config: ApiConfig;
  /** Temporal Web UI, for links to each symbol's workflows. */
  temporalUi?: { baseUrl: string; namespace: string };
  /** Our schedules' state; called at most every 30 s and given 2 s before it is skipped. */
  scheduleInfo?: () => Promise<ScheduleInfo[]>;
  /**
   * What the action routes do (retrain, acknowledge, pause/unpause/trigger) and the running
   * retrains (`GET /workflows`); absent: actions answer 503 and no workflow is listed.
   */
  actions?: ApiActions;
  /**
   * The address the API listens on, when it is not listening yet or is called in-process
   * (`app.inject`): without a token, actions are allowed only on a loopback bind.
   */
  bindHost?: string;
  /** Cached prices, for the holdout forecast-vs-actual chart (`/models/:symbol/forecasts`). */
  priceCache?: PriceCache;
  /** Errors (5xx with stacks) and warnings; default: streamLogger() on stdout/stderr. Fastify's own logger stays off (hot path). */
  logger?: ApiLogger;
  /** Clock for ages and uptime (tests inject one). */
  now?: () => Date;
  /** How long a cached model summary is trusted before the champion pointer is re-read, ms (default 2000). */
  summaryTtlMs?: number;
  /** How long `/predict` reuses a symbol's latest stored forecast before re-reading it, ms (default 500; 0 = never). */
  predictionTtlMs?: number;
  /** How long a symbol's data freshness is reused before it is re-checked, ms (default 2000; 0 = never). */
  freshnessTtlMs?: number;
}

/** What the cache keeps per symbol; rebuilt when the champion pointer changes. */
export interface ModelSummary {
  symbol: string;
  configured: boolean;
  champion: { version: number; since: string; reason: string } | null;
  /** Set when champion.json exists but cannot be read. */
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
  /** When this summary was built (ISO). */
  builtAt: string;
}

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
  /** Where the value comes from: the latest live score of the champion, or its holdout. */
  basis: 'live' | 'holdout' | 'registry' | null;
}
