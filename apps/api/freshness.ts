/**
 * Each symbol's data freshness for the API (`/predict`'s `stale`, `/health`'s reasons, the
 * dashboard banner, `stockflow_sessions_behind`): the last cached bar (re-read only when the
 * cache file changes) and the worker's last refresh outcome (history `refresh_status`), judged
 * by monitoring's freshnessOf. Kept per symbol for `ttlMs` so `/predict` pays one map lookup.
 */
import { stat } from 'node:fs/promises';
import type { Freshness } from '../../common/wire/index.js';
import type { HistoryStore } from '../../domain/history/index.js';
import type { PriceCache } from '../../domain/prices/index.js';
import { freshnessOf } from '../../domain/judgement/freshness.js';

export interface FreshnessServiceOptions {
  history: HistoryStore;
  /** The cache the worker refreshes; without it the last bar comes from refresh_status. */
  priceCache?: PriceCache;
  now: () => Date;
  /** The same clock in epoch ms, when cheaper than `now().getTime()` (the real clock: `Date.now`). */
  nowMs?: () => number;
  /** More completed sessions behind than this = stale (config `monitoring.staleAfterSessions`). */
  staleAfterSessions: number;
  /** How long a symbol's freshness is reused, ms (default 2000; 0 = recomputed every time). */
  ttlMs?: number;
}

export class FreshnessService {
  private readonly entries = new Map<string, { at: number; value: Promise<Freshness>; settled?: Freshness }>();
  private readonly lastBars = new Map<string, { stamp: string; lastBar: Promise<string | null> }>();
  private readonly ttlMs: number;
  private readonly nowMs: () => number;

  constructor(private readonly o: FreshnessServiceOptions) {
    this.ttlMs = o.ttlMs ?? 2000;
    this.nowMs = o.nowMs ?? (() => o.now().getTime());
  }

  get staleAfterSessions(): number {
    return this.o.staleAfterSessions;
  }

  /** The symbol's freshness now (cached for ttlMs). */
  of(symbol: string): Promise<Freshness> {
    const now = this.o.now();
    const hit = this.entries.get(symbol);
    if (this.ttlMs > 0 && hit && now.getTime() - hit.at < this.ttlMs) return hit.value;
    const value = this.compute(symbol, now);
    if (this.ttlMs > 0) {
      const entry: { at: number; value: Promise<Freshness>; settled?: Freshness } = { at: now.getTime(), value };
      this.entries.set(symbol, entry);
      value.then((f) => { entry.settled = f; }, () => this.entries.delete(symbol));
    }
    return value;
  }

  /** The cached freshness when it is settled and within ttlMs, else undefined: no promise on the hot path (`/predict`). */
  peek(symbol: string): Freshness | undefined {
    const hit = this.entries.get(symbol);
    return hit?.settled && this.nowMs() - hit.at < this.ttlMs ? hit.settled : undefined;
  }

  /** Until when (epoch ms, exclusive) `peek(symbol)` answers the value it answers now (-Infinity when it has none). */
  keptUntil(symbol: string): number {
    const hit = this.entries.get(symbol);
    return hit?.settled ? hit.at + this.ttlMs : -Infinity;
  }

  all(symbols: readonly string[]): Promise<Freshness[]> {
    return Promise.all(symbols.map((s) => this.of(s)));
  }

  /** Whether a forecast made from this data is stale: no data, or more sessions behind than allowed. */
  isStale(f: Freshness): boolean {
    return f.sessionsBehind === null || f.sessionsBehind > this.o.staleAfterSessions;
  }

  private async compute(symbol: string, now: Date): Promise<Freshness> {
    const lastRefresh = this.o.history.refreshStatus(symbol);
    let lastBar = lastRefresh?.lastBar ?? null;
    let outcome: { ok: boolean; error?: string | null } | null = lastRefresh;
    if (this.o.priceCache) {
      try {
        // The cache is this machine's; a worker elsewhere may have recorded a later refresh.
        const cached = await this.cachedLastBar(this.o.priceCache, symbol);
        if (cached !== null && (lastBar === null || cached > lastBar)) lastBar = cached;
      } catch (err) {
        outcome = { ok: false, error: `cannot read the cached prices: ${err instanceof Error ? err.message : String(err)}` };
      }
    }
    return freshnessOf({ symbol, lastBar, lastRefresh: outcome, now, staleAfterSessions: this.o.staleAfterSessions });
  }

  /** The cache's last bar, re-read only when its file's size or modification time changed. */
  private async cachedLastBar(cache: PriceCache, symbol: string): Promise<string | null> {
    let stamp: string;
    try {
      const s = await stat(cache.filePath(symbol));
      stamp = `${s.size}:${s.mtimeMs}`;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    const hit = this.lastBars.get(symbol);
    if (hit && hit.stamp === stamp) return hit.lastBar;
    const lastBar = cache.lastDate(symbol);
    this.lastBars.set(symbol, { stamp, lastBar });
    lastBar.catch(() => this.lastBars.delete(symbol));
    return lastBar;
  }
}
