import type { FetchPricesInput, FetchPricesResult } from '../common/wire';
import type { ActivityDeps } from './deps';
import { withFailureMapping } from './failures';

export function createMarketDataActivities({ priceCache }: Pick<ActivityDeps, 'priceCache'>) {
  return withFailureMapping({
    /** Brings the local price cache of one symbol up to date (fetches only missing days). */
    async fetchPrices({ symbol }: FetchPricesInput): Promise<FetchPricesResult> {
      const { fullRefetch: _fullRefetch, ...result } = await priceCache.refresh(symbol);
      return result;
    },
  });
}
