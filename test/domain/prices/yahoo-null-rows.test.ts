import { describe, expect, it } from 'vitest';
import { InvalidPriceDataError } from '../../../common/errors.js';
import { YahooPriceSource } from '../../../domain/prices/yahoo-source.js';
import { chartBody } from './chart-body.js';
import { statusFetch } from './yahoo-replay.js';

/** 14:30 UTC = 09:30 New York (EST) on the given January 2024 day. */
const jan = (day: number) => Date.UTC(2024, 0, day, 14, 30);
const bar = (day: number): [number, number, number, number, number, number] => [jan(day), 10, 11, 9, 10.5, 1000];
const empty = (ms: number): [number, null, null, null, null, null] => [ms, null, null, null, null, null];

function run(body: unknown) {
  const warnings: string[] = [];
  const source = new YahooPriceSource({ fetch: statusFetch(200, body), logger: { warn: (m) => warnings.push(m) } });
  return { warnings, result: source.fetchBars('TEST').catch((e: unknown) => e) };
}

describe('yahoo null rows (decision: artefacts dropped and counted, holes in real data refused)', () => {
  it('drops all-null rows before the first and after the last real bar, on weekends, and at a real bar\'s date, logging the count', async () => {
    const { warnings, result } = run(chartBody([
      empty(jan(1)), // before the first real bar
      bar(2),
      empty(jan(2) + 3_600_000), // extra row at an event time on a real session date
      bar(3),
      bar(5),
      empty(jan(6)), // Saturday
      bar(8),
      empty(jan(9)), // after the last real bar
    ]));
    const bars = (await result) as Array<{ date: string }>;
    expect(bars.map((b) => b.date)).toEqual(['2024-01-02', '2024-01-03', '2024-01-05', '2024-01-08']);
    expect(warnings).toEqual([
      'yahoo TEST: dropped 4 empty (all-null) row(s) outside trading sessions: 2024-01-01, 2024-01-02, 2024-01-06, 2024-01-09',
    ]);
  });

  it('refuses an all-null weekday between real bars: a hole in the series', async () => {
    const { result } = run(chartBody([bar(2), empty(jan(3)), bar(4)]));
    const err = await result;
    expect(err).toBeInstanceOf(InvalidPriceDataError);
    expect((err as InvalidPriceDataError).rows).toEqual([
      { symbol: 'TEST', date: '2024-01-03', reason: 'no prices (open, high, low, close and volume all null) on a weekday between sessions' },
    ]);
  });

  it('refuses a row where only some fields are null', async () => {
    const { result } = run(chartBody([bar(2), [jan(3), 10, 11, 9, null, 1000], bar(4)]));
    const err = await result;
    expect(err).toBeInstanceOf(InvalidPriceDataError);
    expect((err as InvalidPriceDataError).rows[0]).toMatchObject({ date: '2024-01-03', reason: 'close is missing (null); adjClose is missing (null)' });
  });

  it('drops the bar of a session still trading, and keeps it once the session has closed', async () => {
    const open = jan(4) / 1000;
    const close = Date.UTC(2024, 0, 4, 21, 0) / 1000;
    const trading = run(chartBody([bar(2), bar(3), bar(4)], { regularStart: open, regularEnd: close, regularMarketTime: open + 3600 }));
    expect(((await trading.result) as Array<{ date: string }>).map((b) => b.date)).toEqual(['2024-01-02', '2024-01-03']);
    expect(trading.warnings).toEqual(['yahoo TEST: dropped the bar of 2024-01-04, a session still in progress']);

    const closed = run(chartBody([bar(2), bar(3), bar(4)], { regularStart: open, regularEnd: close, regularMarketTime: close }));
    expect(((await closed.result) as Array<{ date: string }>).map((b) => b.date)).toEqual(['2024-01-02', '2024-01-03', '2024-01-04']);
    expect(closed.warnings).toEqual([]);
  });
});
