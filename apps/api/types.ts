/**
 * What buildApp needs (injected, so tests hand in temporary stores) and the shapes the API
 * returns. Metric values are fractions (0.021 = 2.1 %), times ISO-8601 UTC, days YYYY-MM-DD.
 */
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
  /** How long `GET /models` may send a kept serialised answer whose inputs are unchanged, ms (default 5000; model ages are days, `generatedAt` says when it was made). */
  modelsBodyMaxAgeMs?: number;
  /** How long a symbol's data freshness is reused before it is re-checked, ms (default 2000; 0 = never). */
  freshnessTtlMs?: number;
}

/** The status row's parts, defined once in common/wire/status.ts (re-exported for the API's users). */
export type { CheckStatus, MetricCheck, ModelSummary } from '../../common/wire/index.js';
