/**
 * Bars Yahoo sends that cannot be real: dated after today (by the injected clock), a close
 * jumping orders of magnitude, an adjusted close far above the close. Refused with symbol
 * and date, under a configurable rule.
 */
import { describe, expect, it } from 'vitest';
import { InvalidPriceDataError } from '../../../common/errors.js';
import { type PlausibilityRule } from '../../../common/prices.js';
import { YahooPriceSource } from '../../../domain/prices/yahoo-source.js';
import { chartBody, jan, janBar } from './chart-body.js';
import { statusFetch } from './yahoo-replay.js';

/** Noon UTC on a January 2024 day (07:00 in New York). */
const noonJan = (day: number) => new Date(Date.UTC(2024, 0, day, 12));

function fetchBars(body: unknown, options: { now?: Date; plausibility?: PlausibilityRule } = {}) {
  const source = new YahooPriceSource({
    fetch: statusFetch(200, body),
    logger: { warn: () => {} },
    now: () => options.now ?? noonJan(31),
    plausibility: options.plausibility,
  });
  return source.fetchBars('TEST').then((bars) => bars, (e: unknown) => e);
}

async function invalidRows(body: unknown, options?: Parameters<typeof fetchBars>[1]) {
  const err = await fetchBars(body, options);
  expect(err).toBeInstanceOf(InvalidPriceDataError);
  return (err as InvalidPriceDataError).rows;
}

describe('yahoo bars from the future', () => {
  it('refuses a bar dated after today by the injected clock, naming symbol and date', async () => {
    const body = chartBody([janBar(2), janBar(3), janBar(4)]);
    expect(await invalidRows(body, { now: noonJan(3) })).toEqual([
      { symbol: 'TEST', date: '2024-01-04', reason: 'dated after today (2024-01-03): a bar from the future' },
    ]);
    // The same body a day later is fine: the clock, not the data, decides.
    expect(((await fetchBars(body, { now: noonJan(4) })) as Array<{ date: string }>).map((b) => b.date))
      .toEqual(['2024-01-02', '2024-01-03', '2024-01-04']);
  });

  it('takes "today" in the exchange\'s time zone: 02:00 UTC on the 4th is still the 3rd in New York', async () => {
    const rows = await invalidRows(chartBody([janBar(2), janBar(3), janBar(4)]), { now: new Date(Date.UTC(2024, 0, 4, 2)) });
    expect(rows.map((r) => r.date)).toEqual(['2024-01-04']);
  });

  it('refuses a bar dated in 2098', async () => {
    const rows = await invalidRows(chartBody([janBar(2), [Date.UTC(2098, 0, 2, 14, 30), 10, 11, 9, 10.5, 1000]]), { now: noonJan(31) });
    expect(rows).toEqual([{ symbol: 'TEST', date: '2098-01-02', reason: 'dated after today (2024-01-31): a bar from the future' }]);
  });
});

describe('implausible yahoo bars (plausibility rule)', () => {
  it('refuses a close jumping 10^11×, reporting symbol and date; the next session is judged against the last good one', async () => {
    const rows = await invalidRows(chartBody([janBar(2), janBar(3, 1e11), janBar(4)]));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ symbol: 'TEST', date: '2024-01-03' });
    expect(rows[0]?.reason).toContain('close 1050000000000 is 1.0e+11× above the previous session\'s 10.5 (2024-01-02); the limit is 10× either way (plausibility rule maxSessionMove)');
  });

  it('refuses a collapse as well as a jump', async () => {
    const rows = await invalidRows(chartBody([janBar(2), janBar(3), janBar(4, 0.01)]));
    expect(rows.map((r) => r.date)).toEqual(['2024-01-04']);
    expect(rows[0]?.reason).toContain('close 0.105 is 100× below the previous session\'s 10.5 (2024-01-03)');
  });

  it('refuses an adjclose 10× the close', async () => {
    const body = chartBody([janBar(2), janBar(3), janBar(4)], { adjclose: [10.5, 105, 10.5] });
    const rows = await invalidRows(body);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ symbol: 'TEST', date: '2024-01-03' });
    expect(rows[0]?.reason).toContain('adjClose 105 is 10× the close 10.5; the limit is 2× (plausibility rule maxAdjCloseRatio; dividends only lower it)');
  });

  it('accepts an adjusted close far below the close (decades of dividends)', async () => {
    const bars = await fetchBars(chartBody([janBar(2), janBar(3)], { adjclose: [0.5, 0.5] }));
    expect(bars).toHaveLength(2);
  });

  it('refuses a session whose high is more than the limit above its low', async () => {
    const rows = await invalidRows(chartBody([janBar(2), [jan(3), 10, 200, 9, 10.5, 1000]]));
    expect(rows).toEqual([{ symbol: 'TEST', date: '2024-01-03', reason: 'high 200 is 22.2× the low 9 within the session; the limit is 10× either way (plausibility rule maxSessionMove)' }]);
  });

  it('is configurable: a tripling passes the default rule and is refused under a 2× limit', async () => {
    const body = chartBody([janBar(2), janBar(3, 3)]);
    expect(await fetchBars(body)).toHaveLength(2);
    const rows = await invalidRows(body, { plausibility: { maxSessionMove: 2, maxAdjCloseRatio: 2 } });
    expect(rows.map((r) => r.date)).toEqual(['2024-01-03']);
    expect(rows[0]?.reason).toContain('is 3× above the previous session\'s 10.5 (2024-01-02); the limit is 2× either way');
  });
});
