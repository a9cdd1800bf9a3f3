import { createBacktestActivities } from './backtest.js';
import type { ActivityDeps } from './deps.js';
import { createMaintenanceActivities } from './maintenance.js';
import { createMarketDataActivities } from './market-data.js';
import { createMonitoringActivities } from './monitoring.js';
import { createRefreshChunkActivities } from './refresh-chunk.js';
import { createRegistryActivities } from './registry.js';
import { createRetrainAttemptActivities } from './retrain-attempts.js';
import { createSettingsActivities } from './settings.js';
import { createTrainingActivities } from './training.js';

export type { ActivityDeps, JudgementSettings } from './deps.js';

/** All activities, built once by the worker from injected dependencies. */
export function createActivities(deps: ActivityDeps) {
  const marketData = createMarketDataActivities(deps);
  const registry = createRegistryActivities(deps);
  return {
    ...createSettingsActivities(deps),
    ...marketData,
    ...createRefreshChunkActivities({ fetchPrices: marketData.fetchPrices, refreshPrediction: registry.refreshPrediction }),
    ...createTrainingActivities(deps),
    ...registry,
    ...createMonitoringActivities(deps),
    ...createRetrainAttemptActivities(deps),
    ...createMaintenanceActivities(deps),
    ...createBacktestActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
