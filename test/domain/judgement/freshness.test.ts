/** freshnessOf: a symbol's last bar against the last completed NYSE session. */
import { describe, expect, it } from 'vitest';
import { describeFreshness, freshnessLabel, freshnessOf } from '../../../domain/judgement/index.js';

// Wednesday 2025-07-16 22:00Z = 18:00 EDT, after the close: the last completed session is 07-16.
const now = new Date('2025-07-16T22:00:00Z');
const base = { symbol: 'SPY', now, staleAfterSessions: 1, lastRefresh: { ok: true } };

describe('freshnessOf', () => {
  it('is fresh with the last completed session cached', () => {
    expect(freshnessOf({ ...base, lastBar: '2025-07-16' })).toEqual({
      symbol: 'SPY', state: 'fresh', lastBar: '2025-07-16', lastCompletedSession: '2025-07-16', sessionsBehind: 0, checkedAt: '2025-07-16T22:00:00.000Z',
    });
  });

  it('allows staleAfterSessions sessions behind, and is stale past that', () => {
    expect(freshnessOf({ ...base, lastBar: '2025-07-15' })).toMatchObject({ state: 'fresh', sessionsBehind: 1 });
    expect(freshnessOf({ ...base, lastBar: '2025-07-14' })).toMatchObject({ state: 'stale', sessionsBehind: 2 });
    expect(freshnessOf({ ...base, lastBar: '2025-07-14', staleAfterSessions: 2 })).toMatchObject({ state: 'fresh', sessionsBehind: 2 });
    expect(freshnessOf({ ...base, lastBar: '2025-07-16', staleAfterSessions: 0 })).toMatchObject({ state: 'fresh', sessionsBehind: 0 });
    expect(freshnessOf({ ...base, lastBar: '2025-07-15', staleAfterSessions: 0 })).toMatchObject({ state: 'stale', sessionsBehind: 1 });
  });

  it('counts sessions, not calendar days: the holiday weekend of July 4 costs nothing', () => {
    // Monday 2025-07-07 before the close: the last completed session is Thursday 07-03.
    const monday = new Date('2025-07-07T15:00:00Z');
    expect(freshnessOf({ ...base, now: monday, lastBar: '2025-07-03' })).toMatchObject({ state: 'fresh', sessionsBehind: 0, lastCompletedSession: '2025-07-03' });
    expect(freshnessOf({ ...base, now: monday, lastBar: '2025-07-02' })).toMatchObject({ state: 'fresh', sessionsBehind: 1 });
  });

  it('finds the shared data (ending 2025-06-30) stale months later, with the exact count', () => {
    const f = freshnessOf({ ...base, now, lastBar: '2025-06-30' });
    // 07-01, 07-02, 07-03, then 07-07 … 07-11 (5) and 07-14 … 07-16 (3).
    expect(f).toMatchObject({ state: 'stale', sessionsBehind: 11 });
    expect(describeFreshness(f)).toBe('SPY: stale, last bar 2025-06-30, 11 sessions behind');
    expect(freshnessLabel(f)).toBe('stale 11');
  });

  it('is stale with nothing cached, and says so', () => {
    const f = freshnessOf({ ...base, lastBar: null, lastRefresh: null });
    expect(f).toMatchObject({ state: 'stale', lastBar: null, sessionsBehind: null });
    expect(describeFreshness(f)).toBe('SPY: stale, no cached prices');
    expect(freshnessLabel(f)).toBe('no data');
  });

  it('is failing when the last refresh failed, even with fresh data, and carries the error', () => {
    const f = freshnessOf({ ...base, lastBar: '2025-07-16', lastRefresh: { ok: false, error: 'HTTP 429 from Yahoo' } });
    expect(f).toMatchObject({ state: 'failing', error: 'HTTP 429 from Yahoo', sessionsBehind: 0 });
    expect(describeFreshness(f)).toBe('SPY: last refresh failed: HTTP 429 from Yahoo');
    expect(freshnessLabel(f)).toBe('failing');
    expect(freshnessOf({ ...base, lastBar: null, lastRefresh: { ok: false, error: null } }).error).toMatch(/no error message/);
  });

  it('has no error field unless failing', () => {
    expect(freshnessOf({ ...base, lastBar: '2025-07-16' })).not.toHaveProperty('error');
  });

  it('refuses a bad setting or a bad date, naming them', () => {
    expect(() => freshnessOf({ ...base, lastBar: '2025-07-16', staleAfterSessions: -1 })).toThrow(/SPY.*staleAfterSessions.*-1/);
    expect(() => freshnessOf({ ...base, lastBar: '2025-7-16' })).toThrow(RangeError);
  });
});
