import { appendFileSync, copyFileSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidPriceDataError } from '../../../common/errors.js';
import { type PriceBar } from '../../../common/prices.js';
import { CsvPriceSource } from '../../../domain/prices/csv-source.js';
import { type DateRange, type PriceSource } from '../../../domain/prices/price-source.js';
import { PriceCache } from '../../../domain/prices/price-cache.js';
import { PRICES_DIR } from './paths.js';
import { useTempDirs } from './temp-dir.js';

const quiet = { warn: () => {} };
const at = (iso: string) => () => new Date(`${iso}T23:00:00Z`);
const HEADER = 'date,open,high,low,close,adj_close,volume';

describe('PriceCache', () => {
  const tempDir = useTempDirs();

  it('first refresh stores every row of csv:prices, a second adds none and leaves the file alone', async () => {
    const dir = tempDir();
    const source = new CsvPriceSource({ dir: PRICES_DIR });
    const cache = new PriceCache({ dir, source, now: at('2025-07-01'), logger: quiet });
    const expected = await source.fetchBars('AAPL');

    const first = await cache.refresh('AAPL');
    expect(first).toEqual({
      symbol: 'AAPL', source: source.name, rowsAdded: expected.length, totalRows: expected.length,
      firstDate: '2000-01-03', lastDate: '2025-06-30', fullRefetch: false,
    });
    expect(await cache.read('AAPL')).toEqual(expected);
    expect(readdirSync(dir)).toEqual(['AAPL.csv']); // no temporary file left behind
    const written = statSync(cache.filePath('AAPL')).mtimeMs;

    const second = await cache.refresh('AAPL');
    expect(second).toMatchObject({ rowsAdded: 0, totalRows: expected.length, lastDate: '2025-06-30', fullRefetch: false });
    expect(statSync(cache.filePath('AAPL')).mtimeMs).toBe(written);
  });

  it('picks up a day appended to the source (rowsAdded = 1), without duplicating the overlap day', async () => {
    const dataDir = tempDir();
    copyFileSync(path.join(PRICES_DIR, 'MSFT.csv'), path.join(dataDir, 'MSFT.csv'));
    const cache = new PriceCache({ dir: tempDir(), source: new CsvPriceSource({ dir: dataDir }), now: at('2025-07-02'), logger: quiet });
    const first = await cache.refresh('MSFT');

    appendFileSync(path.join(dataDir, 'MSFT.csv'), '2025-07-01,496.0,499.0,494.0,498.0,497.5,17000000\n');
    const second = await cache.refresh('MSFT');
    expect(second).toMatchObject({ rowsAdded: 1, totalRows: first.totalRows + 1, lastDate: '2025-07-01', fullRefetch: false });
    const bars = await cache.read('MSFT', { from: '2025-06-27' });
    expect(bars.map((b) => b.date)).toEqual(['2025-06-27', '2025-06-30', '2025-07-01']);
    expect(bars[2]).toEqual({ date: '2025-07-01', open: 496, high: 499, low: 494, close: 498, adjClose: 497.5, volume: 17000000 });
  });

  it('fetches only the days after the cached last date, up to "today"', async () => {
    const calls: Array<DateRange | undefined> = [];
    const csv = new CsvPriceSource({ dir: PRICES_DIR });
    const spy: PriceSource = { name: csv.name, fetchBars: (s, r) => (calls.push(r), csv.fetchBars(s, r)) };
    let today = '2019-12-31';
    const cache = new PriceCache({ dir: tempDir(), source: spy, now: () => at(today)(), logger: quiet });

    const first = await cache.refresh('SPY');
    expect(first.lastDate).toBe('2019-12-31');
    today = '2025-07-01';
    const second = await cache.refresh('SPY');
    const all = await csv.fetchBars('SPY');
    expect(second.rowsAdded).toBe(all.filter((b) => b.date > '2019-12-31').length);
    expect(second.totalRows).toBe(all.length);
    expect(calls).toEqual([{ to: '2019-12-31' }, { from: '2019-12-31', to: '2025-07-01' }]);
    expect(await cache.read('SPY')).toEqual(all);
  });

  it('when the overlap day disagrees (history restated by a split), re-fetches and replaces the full history', async () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, 'ABC.csv');
    writeFileSync(file, [HEADER, '2024-01-02,100,110,90,105,105,1000', '2024-01-03,105,112,100,110,110,1000'].join('\n'));
    const warnings: string[] = [];
    const cache = new PriceCache({ dir: tempDir(), source: new CsvPriceSource({ dir: dataDir }), now: at('2024-01-10'), logger: { warn: (m) => warnings.push(m) } });
    await cache.refresh('ABC');

    // A 2:1 split on 2024-01-04: the provider now shows all earlier prices halved, volume doubled.
    writeFileSync(file, [HEADER, '2024-01-02,50,55,45,52.5,52.5,2000', '2024-01-03,52.5,56,50,55,55,2000', '2024-01-04,55,57,54,56,56,2100'].join('\n'));
    const result = await cache.refresh('ABC');
    expect(result).toMatchObject({ rowsAdded: 1, totalRows: 3, firstDate: '2024-01-02', lastDate: '2024-01-04', fullRefetch: true });
    expect((await cache.read('ABC')).map((b) => b.close)).toEqual([52.5, 55, 56]);
    expect(warnings).toEqual([expect.stringMatching(/ABC: 2024-01-03 open changed from 105 to 52\.5; re-fetching the full history/)]);
  });

  it('re-fetches the full history when the source no longer has the cached last day', async () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, 'ABC.csv');
    writeFileSync(file, [HEADER, '2024-01-02,100,110,90,105,105,1000', '2024-01-03,105,112,100,110,110,1000'].join('\n'));
    const cache = new PriceCache({ dir: tempDir(), source: new CsvPriceSource({ dir: dataDir }), now: at('2024-01-10'), logger: quiet });
    await cache.refresh('ABC');
    writeFileSync(file, [HEADER, '2024-01-02,100,110,90,105,105,1000', '2024-01-04,105,112,100,110,110,1000'].join('\n'));
    expect(await cache.refresh('ABC')).toMatchObject({ fullRefetch: true, totalRows: 2, lastDate: '2024-01-04', rowsAdded: 1 });
  });

  it('an invalid incremental fetch writes nothing: the cached file stays byte-identical', async () => {
    const dataDir = tempDir();
    const cacheDir = tempDir();
    const file = path.join(dataDir, 'ABC.csv');
    writeFileSync(file, [HEADER, '2024-01-02,100,110,90,105,105,1000'].join('\n') + '\n');
    const cache = new PriceCache({ dir: cacheDir, source: new CsvPriceSource({ dir: dataDir }), now: at('2024-01-10'), logger: quiet });
    await cache.refresh('ABC');
    const before = readFileSync(cache.filePath('ABC'), 'utf8');

    appendFileSync(file, '2024-01-03,105,112,100,NaN,110,1000\n');
    await expect(cache.refresh('ABC')).rejects.toBeInstanceOf(InvalidPriceDataError);
    expect(readFileSync(cache.filePath('ABC'), 'utf8')).toBe(before);
    expect(readdirSync(cacheDir)).toEqual(['ABC.csv']);
  });

  it('an unchanged csv file (same mtime and size) is not read again; a changed one is', async () => {
    const dataDir = tempDir();
    copyFileSync(path.join(PRICES_DIR, 'MSFT.csv'), path.join(dataDir, 'MSFT.csv'));
    const csv = new CsvPriceSource({ dir: dataDir });
    const calls: Array<DateRange | undefined> = [];
    const spy: PriceSource = { name: csv.name, fetchBars: (s, r) => (calls.push(r), csv.fetchBars(s, r)), fingerprint: (s) => csv.fingerprint(s) };
    const cache = new PriceCache({ dir: tempDir(), source: spy, now: at('2025-07-02'), logger: quiet });
    const first = await cache.refresh('MSFT');
    expect(calls).toHaveLength(1);

    expect(await cache.refresh('MSFT')).toEqual({ ...first, rowsAdded: 0 });
    expect(calls).toHaveLength(1);

    appendFileSync(path.join(dataDir, 'MSFT.csv'), '2025-07-01,496.0,499.0,494.0,498.0,497.5,17000000\n');
    expect(await cache.refresh('MSFT')).toMatchObject({ rowsAdded: 1, totalRows: first.totalRows + 1, lastDate: '2025-07-01' });
    expect(calls.at(-1)).toEqual({ from: '2025-06-30', to: '2025-07-02' });
  });

  it('a source without a fingerprint is asked from the remembered last bar; a cache file changed behind its back is read in full', async () => {
    const csv = new CsvPriceSource({ dir: PRICES_DIR });
    const spy: PriceSource = { name: csv.name, fetchBars: (s, r) => csv.fetchBars(s, r) };
    const dir = tempDir();
    const cache = new PriceCache({ dir, source: spy, now: at('2025-07-02'), logger: quiet });
    const first = await cache.refresh('MSFT');
    expect(await cache.refresh('MSFT')).toEqual({ ...first, rowsAdded: 0 });

    // Someone truncated the cache file: the stamp changed, so the refresh reads it and restores the missing days.
    const lines = readFileSync(cache.filePath('MSFT'), 'utf8').trimEnd().split('\n');
    writeFileSync(cache.filePath('MSFT'), `${lines.slice(0, -3).join('\n')}\n`);
    expect(await cache.refresh('MSFT')).toEqual({ ...first, rowsAdded: 3 });
  });

  it('serializes concurrent refreshes of one symbol: one adds everything, the other nothing', async () => {
    const csv = new CsvPriceSource({ dir: PRICES_DIR });
    let inFlight = 0;
    let maxInFlight = 0;
    const slow: PriceSource = {
      name: csv.name,
      async fetchBars(symbol, range) {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 20));
        try {
          return await csv.fetchBars(symbol, range);
        } finally {
          inFlight--;
        }
      },
    };
    const cache = new PriceCache({ dir: tempDir(), source: slow, now: at('2025-07-01'), logger: quiet });
    const [a, b] = await Promise.all([cache.refresh('TSLA'), cache.refresh('TSLA')]);
    const total = (await csv.fetchBars('TSLA')).length;
    expect([a.rowsAdded, b.rowsAdded]).toEqual([total, 0]);
    expect(maxInFlight).toBe(1);
    expect((await cache.read('TSLA')).length).toBe(total);
  });

  it('different symbols refresh in parallel', async () => {
    const csv = new CsvPriceSource({ dir: PRICES_DIR });
    let inFlight = 0;
    let maxInFlight = 0;
    const slow: PriceSource = {
      name: csv.name,
      async fetchBars(symbol, range) {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        await new Promise((r) => setTimeout(r, 20));
        inFlight--;
        return csv.fetchBars(symbol, range);
      },
    };
    const cache = new PriceCache({ dir: tempDir(), source: slow, now: at('2025-07-01'), logger: quiet });
    await Promise.all([cache.refresh('SMR'), cache.refresh('AUR')]);
    expect(maxInFlight).toBe(2);
  });

  it('read and lastDate of a symbol never refreshed: empty and null; read applies a range', async () => {
    const cache = new PriceCache({ dir: tempDir(), source: new CsvPriceSource({ dir: PRICES_DIR }), now: at('2025-07-01'), logger: quiet });
    expect(await cache.read('PLTR')).toEqual([]);
    expect(await cache.lastDate('PLTR')).toBeNull();
    await cache.refresh('PLTR');
    expect(await cache.lastDate('PLTR')).toBe('2025-06-30');
    const june: PriceBar[] = await cache.read('PLTR', { from: '2025-06-01', to: '2025-06-30' });
    expect(june).toHaveLength(20); // 21 weekdays less Juneteenth
  });

  it('a corrupted cache file is refused with an error naming it, not silently re-downloaded', async () => {
    const dir = tempDir();
    const cache = new PriceCache({ dir, source: new CsvPriceSource({ dir: PRICES_DIR }), now: at('2025-07-01'), logger: quiet });
    writeFileSync(cache.filePath('MP'), [HEADER, '2024-01-02,100,110,90,105,105,1000', '2024-01-02,100,110,90,105,105,1000'].join('\n'));
    const err = await cache.refresh('MP').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidPriceDataError);
    expect((err as Error).message).toContain(`MP in ${cache.filePath('MP')}: 2024-01-02 (line 3): duplicate date`);
  });

  it('a source with nothing for the symbol yet leaves no file', async () => {
    const dir = tempDir();
    const none: PriceSource = { name: 'none', fetchBars: async () => [] };
    const result = await new PriceCache({ dir, source: none, logger: quiet }).refresh('NEW');
    expect(result).toEqual({ symbol: 'NEW', source: 'none', rowsAdded: 0, totalRows: 0, firstDate: null, lastDate: null, fullRefetch: false });
    expect(readdirSync(dir)).toEqual([]);
  });
});
