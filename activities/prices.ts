/**
 * How activities read a symbol's prices. The price cache is per machine (history and registry
 * are shared), so a worker's cache may be empty or behind the session another worker's refresh
 * saw: the bars are read through that session — the one the workflow passes, else the last
 * refresh recorded in the shared history — refreshing the local cache from the source first.
 */
import type { PriceBar } from '../common/prices.js';
import type { ActivityDeps } from './deps.js';

type PriceDeps = Pick<ActivityDeps, 'priceCache' | 'history'>;

/**
 * `through` given (the workflow's refresh): exactly the bars up to it. Omitted: every cached bar,
 * after making sure they reach the last refresh any process recorded.
 */
export async function pricesFor(deps: PriceDeps, symbol: string, through?: string | null): Promise<PriceBar[]> {
  if (through) return deps.priceCache.readThrough(symbol, through, { exact: true });
  return deps.priceCache.readThrough(symbol, deps.history.refreshStatus(symbol)?.lastBar ?? null);
}
