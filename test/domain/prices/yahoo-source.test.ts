import { describe, expect, it } from 'vitest';
import {
  DataSourceUnavailableError,
  InvalidPriceDataError,
  RateLimitedError,
  UnknownSymbolError,
} from '../../../common/errors.js';
import { type PriceBar } from '../../../common/prices.js';
import { CsvPriceSource } from '../../../domain/prices/csv-source.js';
import { type FetchLike } from '../../../domain/prices/yahoo-errors.js';
import { YahooPriceSource } from '../../../domain/prices/yahoo-source.js';
import { chartBody } from './chart-body.js';
import { PRICES_DIR, yahooFixture } from './paths.js';
import { recordedUrl, replayFetch, statusFetch } from './yahoo-replay.js';

const HEAD = 'node-yahoo-finance2@HEAD/tests/fixtures/http/';
const REMOVED = 'node-yahoo-finance2@removed/tests/http/';
const AAPL = yahooFixture(`${HEAD}chart-AAPL-2020-08-31-to-2020-11-07.json`);
const MSFT = yahooFixture(`${HEAD}historical-via-chart-MSFT-dividends-2021-02-01-to-2022-01-31.csv.json`);
const NVDA = yahooFixture(`${HEAD}historical-via-chart-NVDA-split-2021-02-01-to-2022-01-31.csv.json`);
const TSLA = yahooFixture(`${HEAD}historical-via-chart-dividends-TSLA-no-dividends.json`);
const SI_404 = yahooFixture(`${REMOVED}historical-via-chart-SI-2020-01-01-to-2020-01-03.json`);
const BEKE_400 = yahooFixture(`${REMOVED}chart-BEKE-2020-01-01-to-2020-01-03.json`);

const quiet = { warn: () => {} };
const source = (fetch: FetchLike) => new YahooPriceSource({ fetch, logger: quiet });

/** Largest |log(close_t / close_t-1)|: a missed split adjustment shows up as ~ln(2) or more. */
function largestDailyMove(bars: PriceBar[]): number {
  let worst = 0;
  for (let i = 1; i < bars.length; i++) worst = Math.max(worst, Math.abs(Math.log(bars[i]!.close / bars[i - 1]!.close)));
  return worst;
}

/** Every yahoo close must equal the close in the real CSV (both split-adjusted) to ~1e-6. */
async function expectClosesMatchCsv(symbol: string, bars: PriceBar[]) {
  const csv = new Map((await new CsvPriceSource({ dir: PRICES_DIR }).fetchBars(symbol)).map((b) => [b.date, b.close]));
  for (const b of bars) {
    const expected = csv.get(b.date);
    expect(expected, `${symbol} ${b.date} in CSV`).toBeDefined();
    expect(Math.abs(b.close / (expected as number) - 1), `${symbol} ${b.date}`).toBeLessThan(1e-6);
  }
}

describe('yahoo source on recorded chart responses', () => {
  it('AAPL 2020-08-31..2020-11-06: 49 split-adjusted bars and the dividend in adjClose', async () => {
    const fetch = replayFetch(AAPL);
    const bars = await source(fetch).fetchBars('AAPL', { from: '2020-08-31', to: '2020-11-06' });

    // Our request asks for exactly the window the fixture recorded.
    const recorded = recordedUrl(AAPL).searchParams;
    expect(fetch.calls).toHaveLength(1);
    expect(fetch.calls[0]?.searchParams.get('period1')).toBe(recorded.get('period1'));
    expect(fetch.calls[0]?.searchParams.get('period2')).toBe(recorded.get('period2'));
    expect(fetch.calls[0]?.searchParams.get('interval')).toBe('1d');

    expect(bars).toHaveLength(49);
    expect(bars[0]).toEqual({
      date: '2020-08-31',
      open: 127.58000183105469,
      high: 131,
      low: 126,
      close: 129.0399932861328,
      adjClose: 125.82673645019531,
      volume: 225702700,
    });
    expect(bars[48]?.date).toBe('2020-11-06');
    expect(bars[48]?.close).toBeCloseTo(118.69, 2);

    // 4:1 split on 2020-08-31: the first post-split close continues from the pre-split
    // close on 2020-08-28 (124.81 after adjustment, Yahoo's chartPreviousClose), not 4x it.
    const csvPrevious = (await new CsvPriceSource({ dir: PRICES_DIR }).fetchBars('AAPL', { from: '2020-08-28', to: '2020-08-28' }))[0];
    expect(bars[0]!.close / csvPrevious!.close).toBeCloseTo(1.034, 3);
    expect(largestDailyMove(bars)).toBeLessThan(0.1);
    await expectClosesMatchCsv('AAPL', bars);

    // $0.205 dividend ex 2020-11-06: adjClose/close steps up by 1/(1 - 0.205/close of 11-05).
    const [d5, d6] = bars.slice(-2);
    expect((d5!.adjClose / d5!.close) / (d6!.adjClose / d6!.close)).toBeCloseTo(1 - 0.205 / d5!.close, 5);
  });

  it('MSFT 2021-02-01..2022-01-28: 252 bars matching the real closes', async () => {
    const bars = await source(replayFetch(MSFT)).fetchBars('MSFT', { from: '2021-02-01', to: '2022-01-30' });
    expect(bars).toHaveLength(252);
    expect(bars[0]).toMatchObject({ date: '2021-02-01', close: 239.64999389648438, adjClose: 231.1864776611328, volume: 33314200 });
    expect(bars[251]).toMatchObject({ date: '2022-01-28', close: 308.260009765625 });
    expect(bars.every((b) => b.adjClose < b.close)).toBe(true); // a dividend payer: adjusted below
    await expectClosesMatchCsv('MSFT', bars);
  });

  it('NVDA across its 4:1 split of 2021-07-20 has no jump', async () => {
    const bars = await source(replayFetch(NVDA)).fetchBars('NVDA', { from: '2021-02-01', to: '2022-01-30' });
    expect(bars).toHaveLength(252);
    const i = bars.findIndex((b) => b.date === '2021-07-20');
    expect(Math.abs(Math.log(bars[i]!.close / bars[i - 1]!.close))).toBeLessThan(0.1);
    await expectClosesMatchCsv('NVDA', bars);
  });

  it('TSLA full history: 3303 bars, split-adjusted through 2020 (5:1) and 2022 (3:1)', async () => {
    const fetch = replayFetch(TSLA);
    const bars = await source(fetch).fetchBars('TSLA');
    expect(fetch.calls[0]?.searchParams.get('period1')).toBe('0');
    expect(bars).toHaveLength(3303);
    expect(bars[0]).toMatchObject({ date: '2010-06-29', close: 1.5926669836044312, adjClose: 1.5926669836044312, volume: 281494500 });
    expect(bars[3302]).toMatchObject({ date: '2023-08-11', close: 242.64999389648438 });
    for (const split of ['2020-08-31', '2022-08-25']) {
      const i = bars.findIndex((b) => b.date === split);
      expect(Math.abs(Math.log(bars[i]!.close / bars[i - 1]!.close)), split).toBeLessThan(0.2);
    }
    expect(bars.every((b) => b.adjClose === b.close)).toBe(true); // no dividends
    await expectClosesMatchCsv('TSLA', bars);
  });

  it('applies the range on exchange-local dates even when the response is wider', async () => {
    const bars = await source(replayFetch(AAPL)).fetchBars('AAPL', { from: '2020-09-01', to: '2020-09-03' });
    expect(bars.map((b) => b.date)).toEqual(['2020-09-01', '2020-09-02', '2020-09-03']);
  });
});

describe('yahoo source errors', () => {
  it('a recorded 404 "No data found, symbol may be delisted" is a permanent UnknownSymbolError', async () => {
    const err = await source(replayFetch(SI_404)).fetchBars('SI').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownSymbolError);
    expect((err as UnknownSymbolError).permanent).toBe(true);
    expect((err as Error).message).toBe('unknown symbol SI in source yahoo: No data found, symbol may be delisted');
    expect((err as Error).cause).toMatchObject({ name: 'YahooHttpError', status: 404 });
  });

  it('HTTP 429 is a retryable RateLimitedError with the HTTP error as cause', async () => {
    const err = await source(statusFetch(429, {}, 'Too Many Requests')).fetchBars('AAPL').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).permanent).toBe(false);
    expect((err as Error).cause).toMatchObject({ status: 429 });
  });

  it('HTTP 503 is a retryable DataSourceUnavailableError', async () => {
    const err = await source(statusFetch(503, {}, 'Service Unavailable')).fetchBars('AAPL').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataSourceUnavailableError);
    expect((err as Error).message).toContain('HTTP 503 Service Unavailable');
    expect((err as Error).cause).toMatchObject({ status: 503 });
  });

  it('a fetch that throws (network down) is DataSourceUnavailableError keeping the original as cause', async () => {
    const networkError = new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }) });
    const err = await new YahooPriceSource({ fetch: async () => { throw networkError; }, logger: quiet })
      .fetchBars('AAPL')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataSourceUnavailableError);
    expect((err as DataSourceUnavailableError).permanent).toBe(false);
    expect((err as Error).cause).toBe(networkError);
  });

  it('a request that outlives the timeout is DataSourceUnavailableError', async () => {
    const hanging = (_input: unknown, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    const err = await new YahooPriceSource({ fetch: hanging, timeoutMs: 50, logger: quiet }).fetchBars('AAPL').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataSourceUnavailableError);
    expect((err as Error).message).toContain('timed out after 50 ms');
    expect((err as Error).cause).toMatchObject({ name: 'TimeoutError' });
  });

  it('a 400 "Data doesn\'t exist for startDate" (no bars in the window) is an empty result', async () => {
    await expect(source(replayFetch(BEKE_400)).fetchBars('BEKE', { from: '2020-01-01', to: '2020-01-02' })).resolves.toEqual([]);
  });

  it('bad bars in a response are InvalidPriceDataError, not silently dropped', async () => {
    const body = chartBody([
      [Date.UTC(2024, 0, 2, 14, 30), 10, 11, 9, 10.5, 1000],
      [Date.UTC(2024, 0, 3, 14, 30), 10, 9.5, 9, 10.5, 1000], // high below close
    ]);
    const err = await source(statusFetch(200, body)).fetchBars('TEST').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidPriceDataError);
    expect((err as InvalidPriceDataError).rows).toEqual([
      { symbol: 'TEST', date: '2024-01-03', reason: 'high 9.5 < max(open, close) 10.5' },
    ]);
  });

  it('does not call Yahoo for an empty range', async () => {
    const fetch = statusFetch(500);
    await expect(source(fetch).fetchBars('AAPL', { from: '2024-01-05', to: '2024-01-04' })).resolves.toEqual([]);
    expect(fetch.calls).toHaveLength(0);
  });
});
