import type { ApiMetrics } from './metrics.js';
import type { ForecastService } from './forecasts.js';
import type { FreshnessService } from './freshness.js';
import type { LiveWorkflows } from './live-workflows.js';
import type { ModelSummaries } from './model-summaries.js';
import type { ScheduleCache } from './schedule-cache.js';
import type { ApiDeps, ApiLogger } from './types.js';

/** What every route module gets: the injected dependencies and the app's caches, built once. */
export interface AppContext {
  deps: ApiDeps;
  summaries: ModelSummaries;
  metrics: ApiMetrics;
  forecasts: ForecastService;
  freshness: FreshnessService;
  schedules: ScheduleCache;
  /** The running retrains (GET /workflows), kept a second. */
  live: LiveWorkflows;
  logger: ApiLogger;
  now: () => Date;
  /** `now()` in epoch ms without a Date (`Date.now` unless a clock was injected): for the per-request paths. */
  nowMs: () => number;
  startedAt: Date;
}
