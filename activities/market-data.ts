import type { FetchPricesInput, FetchPricesResult } from '../common/wire';
import type { PriceCache } from '../market-data';
import { withFailureMapping } from './failures';

export interface MarketDataDeps {
  priceCache: PriceCache;
  symbols: readonly string[];
}

export function createMarketDataActivities({ priceCache, symbols }: MarketDataDeps) {
  return withFailureMapping({
    /** Brings the local price cache of one symbol up to date (fetches only missing days). */
    async fetchPrices({ symbol }: FetchPricesInput): Promise<FetchPricesResult> {
      return priceCache.refresh(symbol);
    },
    /** The configured universe, for workflows started without an explicit symbol list. */
    async listConfiguredSymbols(): Promise<string[]> {
      return [...symbols];
    },
  });
}
