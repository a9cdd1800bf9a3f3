/**
 * A minimal chart response body; rows are [timestamp ms, open, high, low, close, volume] and
 * the adjusted close equals the close unless `adjclose` gives one per row.
 */
export function chartBody(
  rows: Array<[number, ...Array<number | null>]>,
  meta: { regularMarketTime?: number; regularStart?: number; regularEnd?: number; exchangeTimezoneName?: string; adjclose?: Array<number | null> } = {},
) {
  const col = (i: number) => rows.map((r) => r[i] as number | null);
  return {
    chart: {
      result: [{
        meta: {
          currency: 'USD', symbol: 'TEST', exchangeName: 'NMS', instrumentType: 'EQUITY', firstTradeDate: 0,
          regularMarketTime: meta.regularMarketTime ?? 1700000000, gmtoffset: -18000, timezone: 'EST',
          exchangeTimezoneName: meta.exchangeTimezoneName ?? 'America/New_York',
          regularMarketPrice: 10, priceHint: 2, dataGranularity: '1d', range: '', validRanges: ['1d'],
          currentTradingPeriod: {
            pre: { timezone: 'EST', start: 1700000000, end: 1700000000, gmtoffset: -18000 },
            regular: { timezone: 'EST', start: meta.regularStart ?? 1700000000, end: meta.regularEnd ?? 1700000000, gmtoffset: -18000 },
            post: { timezone: 'EST', start: 1700000000, end: 1700000000, gmtoffset: -18000 },
          },
        },
        timestamp: rows.map((r) => r[0] / 1000),
        indicators: {
          quote: [{ open: col(1), high: col(2), low: col(3), close: col(4), volume: col(5) }],
          adjclose: [{ adjclose: meta.adjclose ?? col(4) }],
        },
      }],
      error: null,
    },
  };
}

/** 14:30 UTC = 09:30 New York (EST) on the given January 2024 day. */
export const jan = (day: number) => Date.UTC(2024, 0, day, 14, 30);

/** An ordinary session bar on a January 2024 day, prices multiplied by `scale`. */
export const janBar = (day: number, scale = 1): [number, number, number, number, number, number] =>
  [jan(day), 10 * scale, 11 * scale, 9 * scale, 10.5 * scale, 1000];
