/** A minimal chart response body; rows are [timestamp ms, open, high, low, close, volume]. */
export function chartBody(
  rows: Array<[number, ...Array<number | null>]>,
  meta: { regularMarketTime?: number; regularStart?: number; regularEnd?: number } = {},
) {
  const col = (i: number) => rows.map((r) => r[i] as number | null);
  return {
    chart: {
      result: [{
        meta: {
          currency: 'USD', symbol: 'TEST', exchangeName: 'NMS', instrumentType: 'EQUITY', firstTradeDate: 0,
          regularMarketTime: meta.regularMarketTime ?? 1700000000, gmtoffset: -18000, timezone: 'EST', exchangeTimezoneName: 'America/New_York',
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
          adjclose: [{ adjclose: col(4) }],
        },
      }],
      error: null,
    },
  };
}
