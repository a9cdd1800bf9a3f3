import { describe, expect, it } from 'vitest';
import { InvalidPriceDataError } from '../../../common/errors.js';
import { assertValidBars, type CandidateBar, validateBars } from '../../../domain/prices/validate.js';

const ok = (date: string, over: Partial<CandidateBar> = {}): CandidateBar => ({
  date, open: 10, high: 11, low: 9, close: 10.5, adjClose: 10.4, volume: 1000, ...over,
});

describe('validateBars', () => {
  it('accepts consistent ascending bars and returns clean PriceBars', () => {
    const { bars, invalid } = validateBars('T', [ok('2024-01-02'), ok('2024-01-03', { line: 3 })]);
    expect(invalid).toEqual([]);
    expect(bars).toEqual([
      { date: '2024-01-02', open: 10, high: 11, low: 9, close: 10.5, adjClose: 10.4, volume: 1000 },
      { date: '2024-01-03', open: 10, high: 11, low: 9, close: 10.5, adjClose: 10.4, volume: 1000 },
    ]);
  });

  it.each([
    ['NaN close', ok('2024-01-03', { close: NaN }), 'close is NaN'],
    ['null open', ok('2024-01-03', { open: null }), 'open is missing (null)'],
    ['negative low', ok('2024-01-03', { low: -1 }), 'low is -1, must be positive'],
    ['zero adjClose', ok('2024-01-03', { adjClose: 0 }), 'adjClose is 0, must be positive'],
    ['infinite high', ok('2024-01-03', { high: Infinity }), 'high is Infinity'],
    ['negative volume', ok('2024-01-03', { volume: -5 }), 'volume is -5, must be ≥ 0'],
    ['high below low', ok('2024-01-03', { high: 8, low: 9 }), 'high 8 < low 9'],
    ['high below close', ok('2024-01-03', { high: 10.2 }), 'high 10.2 < max(open, close) 10.5'],
    ['low above open', ok('2024-01-03', { low: 10.1 }), 'low 10.1 > min(open, close) 10'],
    ['impossible date', ok('2024-02-30'), 'date "2024-02-30" is not a valid YYYY-MM-DD date'],
  ])('reports %s with symbol, date and reason', (_name, row, reason) => {
    const { bars, invalid } = validateBars('AAPL', [ok('2024-01-02'), { ...row, line: 3 }]);
    expect(bars).toHaveLength(1);
    expect(invalid).toEqual([{ symbol: 'AAPL', date: row.date, line: 3, reason }]);
  });

  it('tolerates float rounding of 1e-6 relative in the OHLC check, but not more', () => {
    expect(validateBars('T', [ok('2024-01-02', { high: 10.5 * (1 - 5e-7) })]).invalid).toEqual([]);
    expect(validateBars('T', [ok('2024-01-02', { high: 10.5 * (1 - 5e-6) })]).invalid).toHaveLength(1);
  });

  it('reports duplicate and out-of-order dates against the last accepted date', () => {
    const rows = [
      ok('2024-01-02', { line: 2 }),
      ok('2024-01-04', { line: 3 }),
      ok('2024-01-04', { line: 4 }),
      ok('2024-01-03', { line: 5 }),
      ok('2024-01-05', { line: 6 }),
    ];
    const { bars, invalid } = validateBars('T', rows);
    expect(bars.map((b) => b.date)).toEqual(['2024-01-02', '2024-01-04', '2024-01-05']);
    expect(invalid).toEqual([
      { symbol: 'T', date: '2024-01-04', line: 4, reason: 'duplicate date (already seen on line 3)' },
      { symbol: 'T', date: '2024-01-03', line: 5, reason: 'date out of order: not after 2024-01-04 on line 3' },
    ]);
  });

  it('assertValidBars throws InvalidPriceDataError whose message says what and where', () => {
    const rows = [ok('2020-01-02', { line: 4 }), ok('2020-01-03', { close: NaN, line: 5 })];
    const err = (() => {
      try {
        assertValidBars('AAPL', 'prices/AAPL.csv', rows);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InvalidPriceDataError);
    expect((err as InvalidPriceDataError).rows).toEqual([{ symbol: 'AAPL', date: '2020-01-03', line: 5, reason: 'close is NaN' }]);
    expect((err as Error).message).toContain('AAPL in prices/AAPL.csv: 2020-01-03 (line 5): close is NaN');
  });

  it('without a latestDate or a plausibility rule, checks neither (CSV input is unchanged)', () => {
    const { invalid } = validateBars('T', [ok('2024-01-02'), ok('2098-01-02', { open: 1e9, high: 1e9, low: 1e9, close: 1e9, adjClose: 1e9 })]);
    expect(invalid).toEqual([]);
  });

  it('refuses a row dated after latestDate and keeps one dated on it', () => {
    const { bars, invalid } = validateBars('T', [ok('2024-01-02'), ok('2024-01-03'), ok('2024-01-04')], { latestDate: '2024-01-03' });
    expect(bars.map((b) => b.date)).toEqual(['2024-01-02', '2024-01-03']);
    expect(invalid).toEqual([{ symbol: 'T', date: '2024-01-04', reason: 'dated after today (2024-01-03): a bar from the future' }]);
  });

  it('judges the adjusted close\'s move too, against the previous valid row, naming fields as the reader does', () => {
    const rule = { maxSessionMove: 10, maxAdjCloseRatio: 2 };
    const rows = [ok('2024-01-02'), ok('2024-01-03', { adjClose: 0.0104, line: 3 }), ok('2024-01-04')];
    const { bars, invalid } = validateBars('T', rows, { plausibility: rule, fieldNames: { adjClose: 'adj_close' } });
    expect(bars.map((b) => b.date)).toEqual(['2024-01-02', '2024-01-04']);
    expect(invalid).toEqual([{
      symbol: 'T', date: '2024-01-03', line: 3,
      reason: "adj_close 0.0104 is 1.0e+3× below the previous session's 10.4 (2024-01-02); the limit is 10× either way (plausibility rule maxSessionMove)",
    }]);
  });

  it('allows a move of exactly the limit', () => {
    const rule = { maxSessionMove: 2, maxAdjCloseRatio: 2 };
    const { invalid } = validateBars('T', [ok('2024-01-02'), ok('2024-01-03', { open: 20, high: 22, low: 18, close: 21, adjClose: 20.8 })], { plausibility: rule });
    expect(invalid).toEqual([]);
  });
});
