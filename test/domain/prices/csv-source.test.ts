import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidPriceDataError, UnknownSymbolError } from '../../../common/errors.js';
import { CsvPriceSource } from '../../../domain/prices/csv-source.js';
import { PriceCache } from '../../../domain/prices/price-cache.js';
import { PRICES_DIR } from './paths.js';
import { useTempDirs } from './temp-dir.js';

const HEADER = 'date,open,high,low,close,adj_close,volume';
const GOOD_1 = '2020-01-02,74.06,75.15,73.80,75.09,73.84,135480400';
const GOOD_2 = '2020-01-03,74.29,75.14,74.13,74.36,73.12,146322800';
const GOOD_3 = '2020-01-06,73.45,74.99,73.19,74.95,73.70,118387200';

describe('csv source on the real price files', () => {
  // How fast belongs in the benchmarks (bench/), not in an assertion that depends on the machine.
  it('reads SPY (~8,000 rows) whole, validated and ascending', async () => {
    const bars = await new CsvPriceSource({ dir: PRICES_DIR }).fetchBars('SPY');
    expect(bars.length).toBeGreaterThan(8000);
    expect(bars[0]?.date).toBe('1993-01-29');
    expect(bars.at(-1)?.date).toBe('2025-06-30');
    expect(bars.every((b, i) => i === 0 || b.date > bars[i - 1]!.date)).toBe(true);
  });

  it('applies an inclusive date range', async () => {
    const bars = await new CsvPriceSource({ dir: PRICES_DIR }).fetchBars('AAPL', { from: '2020-08-31', to: '2020-11-06' });
    expect(bars).toHaveLength(49);
    expect(bars[0]).toEqual({
      date: '2020-08-31', open: 127.580002, high: 131, low: 126, close: 129.039993, adjClose: 125.057533, volume: 225702700,
    });
    expect(bars[48]?.date).toBe('2020-11-06');
  });
});

describe('csv source on malformed files', () => {
  const tempDir = useTempDirs();

  /** Writes AAPL.csv with the given lines, then fetches it directly and through a cache. */
  async function failures(lines: string[] | null) {
    const dataDir = tempDir();
    const cacheDir = tempDir();
    if (lines) writeFileSync(path.join(dataDir, 'AAPL.csv'), lines.join('\n'));
    const source = new CsvPriceSource({ dir: dataDir });
    const direct = await source.fetchBars('AAPL').then(() => null, (e: unknown) => e);
    const viaCache = await new PriceCache({ dir: cacheDir, source }).refresh('AAPL').then(() => null, (e: unknown) => e);
    // The cache writes nothing — not the file, not a temporary file.
    expect(readdirSync(cacheDir)).toEqual([]);
    expect(viaCache).toBeInstanceOf((direct as Error).constructor);
    return direct as Error;
  }

  it.each([
    ['a NaN close', [HEADER, GOOD_1, '2020-01-03,74.29,75.14,74.13,NaN,73.12,146322800'], 3, '2020-01-03', 'close is NaN'],
    ['a negative price', [HEADER, GOOD_1, '2020-01-03,-74.29,75.14,74.13,74.36,73.12,146322800'], 3, '2020-01-03', 'open is -74.29, must be positive'],
    ['text in a number field', [HEADER, GOOD_1, '2020-01-03,74.29,75.14,74.13,abc,73.12,146322800'], 3, '2020-01-03', 'close is not a number: "abc"'],
    ['an empty field', [HEADER, GOOD_1, '2020-01-03,74.29,75.14,74.13,74.36,,146322800'], 3, '2020-01-03', 'adj_close is empty'],
    ['a duplicate date', [HEADER, GOOD_1, GOOD_2, GOOD_2.replace('74.36', '74.40')], 4, '2020-01-03', 'duplicate date (already seen on line 3)'],
    ['high below low', [HEADER, GOOD_1, '2020-01-03,74.29,73.00,74.13,74.36,73.12,146322800'], 3, '2020-01-03', 'high 73 < low 74.13'],
    ['unsorted dates', [HEADER, GOOD_1, GOOD_3, GOOD_2], 4, '2020-01-03', 'date out of order: not after 2020-01-06 on line 3'],
    ['a wrong column count', [HEADER, GOOD_1, '2020-01-03,74.29,75.14,74.13,74.36,73.12'], 3, '2020-01-03', 'expected 7 columns, found 6'],
    ['a malformed date', [HEADER, GOOD_1, '03/01/2020,74.29,75.14,74.13,74.36,73.12,146322800'], 3, '03/01/2020', 'date "03/01/2020" is not a valid YYYY-MM-DD date'],
  ])('%s is reported with its line number and reason', async (_case, lines, line, date, reason) => {
    const err = await failures(lines);
    expect(err).toBeInstanceOf(InvalidPriceDataError);
    expect((err as InvalidPriceDataError).rows).toEqual([{ symbol: 'AAPL', date, line, reason }]);
    expect(err.message).toContain(`${date} (line ${line}): ${reason}`);
    expect(err.message).toContain(path.join('AAPL.csv'));
  });

  it('reports every bad row, not only the first', async () => {
    const err = await failures([HEADER, '2020-01-02,74.06,75.15,73.80,NaN,73.84,135480400', GOOD_2, '2020-01-06,73.45,74.99,73.19,-1,73.70,118387200']);
    expect((err as InvalidPriceDataError).rows.map((r) => r.line)).toEqual([2, 4]);
  });

  it('an empty file is InvalidPriceDataError saying so', async () => {
    const err = await failures([]);
    expect(err).toBeInstanceOf(InvalidPriceDataError);
    expect(err.message).toMatch(/AAPL\.csv is empty; expected the header date,open,high,low,close,adj_close,volume/);
  });

  it('a header missing columns is InvalidPriceDataError naming them', async () => {
    const err = await failures(['date,open,high,low,close,volume', '2020-01-02,74.06,75.15,73.80,75.09,135480400']);
    expect(err).toBeInstanceOf(InvalidPriceDataError);
    expect(err.message).toContain('header is missing column(s) adj_close');
  });

  it('a missing file is UnknownSymbolError naming the path', async () => {
    const err = await failures(null);
    expect(err).toBeInstanceOf(UnknownSymbolError);
    expect((err as UnknownSymbolError).permanent).toBe(true);
    expect(err.message).toMatch(/unknown symbol AAPL in source csv:.*: no file .*AAPL\.csv/);
  });

  it('accepts CRLF line endings, a BOM, reordered columns and a trailing blank line', async () => {
    const dir = tempDir();
    const text = '\ufeffdate,close,open,high,low,volume,adj_close\r\n2020-01-02,75.09,74.06,75.15,73.80,135480400,73.84\r\n\r\n';
    writeFileSync(path.join(dir, 'AAPL.csv'), text);
    const bars = await new CsvPriceSource({ dir }).fetchBars('AAPL');
    expect(bars).toEqual([{ date: '2020-01-02', open: 74.06, high: 75.15, low: 73.8, close: 75.09, adjClose: 73.84, volume: 135480400 }]);
  });

  it('refuses a symbol that is not a ticker before touching the file system', async () => {
    const dir = tempDir();
    await expect(new CsvPriceSource({ dir }).fetchBars('../etc/passwd')).rejects.toBeInstanceOf(UnknownSymbolError);
    expect(existsSync(path.join(dir, 'AAPL.csv'))).toBe(false);
  });
});
