import { createBacktestActivities } from './backtest';
import type { ActivityDeps } from './deps';
import { createMaintenanceActivities } from './maintenance';
import { createMarketDataActivities } from './market-data';
import { createMonitoringActivities } from './monitoring';
import { createRegistryActivities } from './registry';
import { createRetrainAttemptActivities } from './retrain-attempts';
import { createSettingsActivities } from './settings';
import { createTrainingActivities } from './training';

export type { ActivityDeps, JudgementSettings } from './deps';

/** All activities, built once by the worker from injected dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createSettingsActivities(deps),
    ...createMarketDataActivities(deps),
    ...createTrainingActivities(deps),
    ...createRegistryActivities(deps),
    ...createMonitoringActivities(deps),
    ...createRetrainAttemptActivities(deps),
    ...createMaintenanceActivities(deps),
    ...createBacktestActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
