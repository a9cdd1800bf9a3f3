import type { MarketClock, PipelineSettings } from '../common/wire/index.js';
import { isMarketOpen, msUntilMarketCloses } from '../domain/market-hours/index.js';
import type { ActivityDeps } from './deps.js';

/** Five minutes after the bell the provider's daily bar is final. */
export const DEFAULT_AFTER_CLOSE_DELAY_MS = 5 * 60 * 1000;

export function createSettingsActivities(deps: ActivityDeps) {
  return {
    /** Configuration the workflows need, read once per run (and recorded in its history). */
    async pipelineSettings(): Promise<PipelineSettings> {
      return {
        avoidMarketHours: deps.avoidMarketHours,
        symbols: [...deps.symbols],
        quickEpochs: deps.training.quickEpochs,
        epochs: deps.training.epochs,
        seed: deps.training.seed,
        retrainConcurrency: deps.retrainConcurrency,
        afterCloseDelayMs: deps.afterCloseDelayMs ?? DEFAULT_AFTER_CLOSE_DELAY_MS,
        retrainCooldownHours: deps.retrainCooldownHours,
      };
    },
    /** The as-of instant of a run and the NYSE session state at that instant. */
    async marketClock(): Promise<MarketClock> {
      const now = deps.now();
      return { now: now.toISOString(), marketOpen: isMarketOpen(now), msUntilClose: msUntilMarketCloses(now) };
    },
  };
}
