/**
 * PriceCache.readThrough: the per-machine cache read through a session another process's
 * refresh saw — refreshed from the source first when empty or behind, cut there when exact,
 * and an error naming both dates when even the source does not reach it.
 */
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvPriceSource } from '../../../domain/prices/csv-source.js';
import { type DateRange, type PriceSource } from '../../../domain/prices/price-source.js';
import { PriceCache } from '../../../domain/prices/price-cache.js';
import { appendRealSessions, writeTruncatedPrices } from '../../helpers/price-files.js';
import { PRICES_DIR } from './paths.js';
import { useTempDirs } from './temp-dir.js';

const quiet = { warn: () => {} };
const now = () => new Date('2025-07-01T23:00:00Z');

/** A csv source that counts its fetches. */
function countingSource(dir: string): PriceSource & { calls: Array<DateRange | undefined> } {
  const csv = new CsvPriceSource({ dir });
  const calls: Array<DateRange | undefined> = [];
  return { name: csv.name, calls, fetchBars: (s, r) => (calls.push(r), csv.fetchBars(s, r)) };
}

describe('PriceCache.readThrough', () => {
  const tempDir = useTempDirs();

  it('an empty cache is refreshed first, then read exactly through the session asked for', async () => {
    const source = countingSource(PRICES_DIR);
    const cache = new PriceCache({ dir: tempDir(), source, now, logger: quiet });
    const bars = await cache.readThrough('MSFT', '2025-06-20', { exact: true });
    expect(bars.at(-1)?.date).toBe('2025-06-20');
    expect(bars[0]?.date).toBe('2000-01-03');
    expect(source.calls).toHaveLength(1);
    // The refresh filled the cache through the source's end; only the read was cut.
    expect(await cache.lastDate('MSFT')).toBe('2025-06-30');
    // Not exact: everything cached (it reaches the session, so the source is not asked again).
    expect((await cache.readThrough('MSFT', '2025-06-20')).at(-1)?.date).toBe('2025-06-30');
    expect(source.calls).toHaveLength(1);
  });

  it('a cache behind the session is refreshed; one that reaches it is read without asking the source', async () => {
    const sourceDir = tempDir();
    writeTruncatedPrices(sourceDir, 'SPY', '2025-06-13');
    const source = countingSource(sourceDir);
    const cache = new PriceCache({ dir: tempDir(), source, now, logger: quiet });
    await cache.refresh('SPY');
    const added = appendRealSessions(sourceDir, 'SPY', '2025-06-13', 5);
    expect(source.calls).toHaveLength(1);

    expect((await cache.readThrough('SPY', '2025-06-13', { exact: true })).at(-1)?.date).toBe('2025-06-13');
    expect(source.calls).toHaveLength(1);

    const through = added.at(-1)!;
    const bars = await cache.readThrough('SPY', through, { exact: true });
    expect(bars.slice(-5).map((b) => b.date)).toEqual(added);
    expect(source.calls).toHaveLength(2);
    expect(await cache.lastDate('SPY')).toBe(through);
  });

  it('null: the cache as it is, refreshed only when empty', async () => {
    const sourceDir = tempDir();
    copyFileSync(path.join(PRICES_DIR, 'AAPL.csv'), path.join(sourceDir, 'AAPL.csv'));
    const source = countingSource(sourceDir);
    const cache = new PriceCache({ dir: tempDir(), source, now, logger: quiet });
    expect((await cache.readThrough('AAPL', null)).at(-1)?.date).toBe('2025-06-30');
    expect((await cache.readThrough('AAPL', null)).at(-1)?.date).toBe('2025-06-30');
    expect(source.calls).toHaveLength(1);
  });

  it('a source that does not reach the session either: an error naming the file and both dates', async () => {
    const sourceDir = tempDir();
    writeTruncatedPrices(sourceDir, 'SPY', '2025-06-13');
    const cacheDir = tempDir();
    const cache = new PriceCache({ dir: cacheDir, source: new CsvPriceSource({ dir: sourceDir }), now, logger: quiet });
    await expect(cache.readThrough('SPY', '2025-06-20', { exact: true })).rejects.toThrow(
      `prices of SPY in ${path.join(cacheDir, 'SPY.csv')} end at 2025-06-13 after a refresh from csv:${sourceDir}, but the data needed reaches 2025-06-20`,
    );
    await expect(cache.readThrough('NOPE', null)).rejects.toThrow(/NOPE/);
  });
});
