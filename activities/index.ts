import { createMarketDataActivities, type MarketDataDeps } from './market-data';

export type ActivityDeps = MarketDataDeps;

/** All activities, built once by the worker from injected dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createMarketDataActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
