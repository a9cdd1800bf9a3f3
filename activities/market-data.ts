/**
 * Market-data activities: refreshing a symbol's price cache (recording each outcome in the
 * history's refresh_status, so every process can see a failing source) and the freshness of
 * each symbol's data against the NYSE calendar.
 */
import type { FetchPricesInput, FetchPricesResult, Freshness } from '../common/wire/index.js';
import { freshnessOf } from '../domain/judgement/freshness.js';
import type { ActivityDeps } from './deps.js';
import { withFailureMapping } from './failures.js';

export interface CheckFreshnessInput {
  /** Default: the configured universe. */
  symbols?: readonly string[];
}

type MarketDataDeps = Pick<ActivityDeps, 'priceCache' | 'history' | 'now' | 'symbols' | 'judgement'>;

function laterOf(a: string | null, b: string | null): string | null {
  return a === null ? b : b === null ? a : (a > b ? a : b);
}

export function createMarketDataActivities(deps: MarketDataDeps) {
  const { priceCache, history } = deps;

  /** The cached last bar, or null when the cache cannot be read (a failure is already being reported). */
  async function cachedLastBar(symbol: string): Promise<string | null> {
    try {
      return await priceCache.lastDate(symbol);
    } catch {
      return null;
    }
  }

  return withFailureMapping({
    /** Brings the local price cache of one symbol up to date (fetches only missing days). */
    async fetchPrices({ symbol }: FetchPricesInput): Promise<FetchPricesResult> {
      let refreshed: Awaited<ReturnType<typeof priceCache.refresh>>;
      try {
        refreshed = await priceCache.refresh(symbol);
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        try {
          history.recordRefresh({ symbol, at: deps.now(), ok: false, error: error || 'refresh failed', lastBar: await cachedLastBar(symbol) });
        } catch {
          // The refresh's own failure is what the workflow must see; a symbol the history refuses
          // (e.g. a malformed ticker) has nothing to record.
        }
        throw err;
      }
      const { fullRefetch: _fullRefetch, ...result } = refreshed;
      history.recordRefresh({ symbol, at: deps.now(), ok: true, lastBar: result.lastDate });
      return result;
    },

    /** Each symbol's data freshness: fresh, stale (sessions behind) or failing (last refresh failed). */
    async checkFreshness({ symbols }: CheckFreshnessInput = {}): Promise<Freshness[]> {
      const now = deps.now();
      const result: Freshness[] = [];
      for (const symbol of symbols ?? deps.symbols) {
        const lastRefresh = history.refreshStatus(symbol);
        let lastBar: string | null;
        let unreadable: string | null = null;
        try {
          // This machine's cache, or the refresh another machine recorded when that one is ahead.
          lastBar = laterOf(await priceCache.lastDate(symbol), lastRefresh?.lastBar ?? null);
        } catch (err) {
          lastBar = lastRefresh?.lastBar ?? null;
          unreadable = `cannot read the cached prices: ${err instanceof Error ? err.message : String(err)}`;
        }
        const outcome = unreadable ? { ok: false, error: unreadable } : lastRefresh;
        result.push(freshnessOf({ symbol, lastBar, lastRefresh: outcome, now, staleAfterSessions: deps.judgement.staleAfterSessions }));
      }
      return result;
    },
  });
}
