import type { ApiMetrics } from './metrics';
import type { ForecastService } from './forecasts';
import type { FreshnessService } from './freshness';
import type { ModelSummaries } from './model-summaries';
import type { ScheduleCache } from './schedule-cache';
import type { ApiDeps, ApiLogger } from './types';

/** What every route module gets: the injected dependencies and the app's caches, built once. */
export interface AppContext {
  deps: ApiDeps;
  summaries: ModelSummaries;
  metrics: ApiMetrics;
  forecasts: ForecastService;
  freshness: FreshnessService;
  schedules: ScheduleCache;
  logger: ApiLogger;
  now: () => Date;
  startedAt: Date;
}
