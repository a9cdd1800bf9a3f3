/** refresh_status: each symbol's last price refresh outcome, upserted, readable by other processes. */
import { describe, expect, it } from 'vitest';
import { HistoryInputError } from '../../../domain/history/index.js';
import { HISTORY_ENGINES } from './engines.js';

const now = () => new Date('2025-07-16T22:00:00.000Z');

describe.each(HISTORY_ENGINES)('HistoryStore refresh status on %s', (_name, engine) => {
  it('keeps one row per symbol: the latest outcome, the last known bar and the last success', () => {
    const writer = engine.fresh({ now });
    expect(writer.refreshStatus('SPY')).toBeNull();

    expect(writer.recordRefresh({ symbol: 'SPY', at: '2025-07-15T10:00:00Z', ok: true, lastBar: '2025-07-14' })).toEqual({
      symbol: 'SPY', at: '2025-07-15T10:00:00.000Z', ok: true, error: null, lastBar: '2025-07-14', lastSuccessAt: '2025-07-15T10:00:00.000Z',
    });
    // A failure that could not read the cache keeps the known bar and the last success time.
    writer.recordRefresh({ symbol: 'SPY', at: '2025-07-16T10:00:00Z', ok: false, error: 'HTTP 429 from Yahoo', lastBar: null });
    writer.recordRefresh({ symbol: 'MSFT', ok: false, error: 'unknown symbol' });

    // Another connection (the API's, read-only) sees it.
    const reader = engine.reopen(writer, { readonly: true, now });
    expect(reader.refreshStatus('SPY')).toEqual({
      symbol: 'SPY', at: '2025-07-16T10:00:00.000Z', ok: false, error: 'HTTP 429 from Yahoo', lastBar: '2025-07-14', lastSuccessAt: '2025-07-15T10:00:00.000Z',
    });
    expect(reader.refreshStatusAll().map((r) => [r.symbol, r.ok, r.at, r.lastSuccessAt])).toEqual([
      ['MSFT', false, '2025-07-16T22:00:00.000Z', null],
      ['SPY', false, '2025-07-16T10:00:00.000Z', '2025-07-15T10:00:00.000Z'],
    ]);

    // Success clears the error and moves the bar on.
    writer.recordRefresh({ symbol: 'SPY', at: '2025-07-16T12:00:00Z', ok: true, lastBar: '2025-07-15' });
    expect(reader.refreshStatus('SPY')).toMatchObject({ ok: true, error: null, lastBar: '2025-07-15', lastSuccessAt: '2025-07-16T12:00:00.000Z' });
  });

  it('ignores an outcome older than the stored one (a late retry of an earlier attempt)', () => {
    const store = engine.fresh({ now });
    store.recordRefresh({ symbol: 'SPY', at: '2025-07-16T12:00:00Z', ok: true, lastBar: '2025-07-15' });
    const after = store.recordRefresh({ symbol: 'SPY', at: '2025-07-16T11:00:00Z', ok: false, error: 'timeout' });
    expect(after).toMatchObject({ at: '2025-07-16T12:00:00.000Z', ok: true, error: null, lastBar: '2025-07-15' });
  });

  it('refuses malformed outcomes, naming the field', () => {
    const store = engine.fresh({ now });
    expect(() => store.recordRefresh({ symbol: 'spy', ok: true })).toThrow(/refresh_status\.symbol = "spy"/);
    expect(() => store.recordRefresh({ symbol: 'SPY', ok: false })).toThrow(/refresh_status\.error = undefined.*non-empty string/);
    expect(() => store.recordRefresh({ symbol: 'SPY', ok: true, error: 'x' })).toThrow(/refresh_status\.error = "x".*no error on a successful refresh/);
    expect(() => store.recordRefresh({ symbol: 'SPY', ok: true, lastBar: '2025-7-1' })).toThrow(/refresh_status\.lastBar/);
    expect(() => store.recordRefresh({ symbol: 'SPY', ok: 'yes' as unknown as boolean })).toThrow(HistoryInputError);
    expect(store.refreshStatusAll()).toEqual([]);
  });
});
