/**
 * Freshness of a symbol's data as a state: its last cached bar against the last completed NYSE
 * session — fresh, stale (more than `staleAfterSessions` sessions behind) or failing (the last
 * price refresh failed; that takes precedence, with its error). Pure: the caller reads the cache,
 * the refresh record and the clock.
 */
import type { Freshness } from '../../common/wire/index.js';
import { lastCompletedSession, sessionsAfter } from '../market-hours/index.js';

/** The outcome of the symbol's last price refresh (history `refresh_status`). */
export interface LastRefreshOutcome {
  ok: boolean;
  error?: string | null;
}

export interface FreshnessInput {
  symbol: string;
  /** Last cached bar (YYYY-MM-DD); null when nothing is cached. */
  lastBar: string | null;
  /** Null when no refresh was recorded. */
  lastRefresh: LastRefreshOutcome | null;
  now: Date;
  /** More completed sessions behind than this = stale (config `monitoring.staleAfterSessions`). */
  staleAfterSessions: number;
}

export function freshnessOf(input: FreshnessInput): Freshness {
  const { symbol, lastBar, lastRefresh, now, staleAfterSessions } = input;
  if (!Number.isInteger(staleAfterSessions) || staleAfterSessions < 0) {
    throw new RangeError(`freshnessOf(${symbol}): staleAfterSessions must be a non-negative integer, got ${staleAfterSessions}`);
  }
  const lastCompleted = lastCompletedSession(now);
  const sessionsBehind = lastBar === null ? null : sessionsAfter(lastBar, lastCompleted);
  const base = { symbol, lastBar, lastCompletedSession: lastCompleted, sessionsBehind, checkedAt: now.toISOString() };
  if (lastRefresh && !lastRefresh.ok) {
    return { ...base, state: 'failing', error: lastRefresh.error || 'the last price refresh failed (no error message recorded)' };
  }
  const stale = sessionsBehind === null || sessionsBehind > staleAfterSessions;
  return { ...base, state: stale ? 'stale' : 'fresh' };
}

/** One line for people: "SPY: stale, last bar 2025-06-30, 12 sessions behind", "MSFT: last refresh failed: …". */
export function describeFreshness(f: Freshness): string {
  if (f.state === 'failing') return `${f.symbol}: last refresh failed: ${f.error ?? 'unknown error'}`;
  if (f.lastBar === null) return `${f.symbol}: ${f.state}, no cached prices`;
  const behind = f.sessionsBehind === 1 ? '1 session behind' : `${f.sessionsBehind} sessions behind`;
  return `${f.symbol}: ${f.state}, last bar ${f.lastBar}, ${behind}`;
}

/** The short form of tables: "fresh", "stale 12", "no data", "failing". */
export function freshnessLabel(f: Freshness): string {
  if (f.state === 'stale') return f.sessionsBehind === null ? 'no data' : `stale ${f.sessionsBehind}`;
  return f.state;
}
