import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { UnknownSymbolError } from '../../common/errors.js';
import { utcMsToIsoDate } from '../../common/iso-date.js';
import { KeyedMutex } from '../../common/keyed-mutex.js';
import { assertSymbol } from '../../common/symbol.js';
import { type FetchPricesResult } from '../../common/wire/index.js';
import { type PriceBar } from '../../common/prices.js';
import { formatPriceCsv } from './csv-format.js';
import { readPriceCsvFile } from './csv-source.js';
import { assertRange, filterRange } from './date-range.js';
import { type DateRange, type MarketDataLogger, type PriceSource } from './price-source.js';
import { assertValidBars, DEFAULT_PRICE_TOLERANCE } from './validate.js';

export interface PriceCacheOptions {
  /** Directory holding `<SYMBOL>.csv` files in the `csv:DIR` format. */
  dir: string;
  source: PriceSource;
  /** Clock for "up to today"; injectable for tests. */
  now?: () => Date;
  logger?: MarketDataLogger;
}

export interface RefreshResult extends FetchPricesResult {
  /**
   * True when the source no longer agreed with the cache on an already-cached day (a split,
   * a dividend that re-adjusted history, a corrected bar) and the whole history was replaced.
   */
  fullRefetch: boolean;
}

/**
 * A local copy of each symbol's bars, refreshed incrementally from a `PriceSource`.
 *
 * Refresh: the first time fetches all history. Later, it fetches from the cached last date
 * (inclusive — a one-day overlap) to today. The overlapping day must match the cache; new
 * days are appended. If it does not match — Yahoo re-adjusts all of history after a split
 * (OHLC) or a dividend (adj close) — appending would splice two price scales together, so the
 * full history is fetched again and replaces the file. Everything fetched is validated before
 * anything is written, writes are atomic, and refreshes of one symbol are serialized within
 * the process (across processes the atomic rename keeps every file whole; last writer wins).
 */
export class PriceCache {
  readonly dir: string;
  readonly source: PriceSource;
  private readonly now: () => Date;
  private readonly logger: MarketDataLogger;
  private readonly mutex = new KeyedMutex();

  constructor(options: PriceCacheOptions) {
    this.dir = path.resolve(options.dir);
    this.source = options.source;
    this.now = options.now ?? (() => new Date());
    this.logger = options.logger ?? console;
  }

  filePath(symbol: string): string {
    return path.join(this.dir, `${symbol}.csv`);
  }

  refresh(symbol: string): Promise<RefreshResult> {
    assertSymbol(symbol, (reason) => new UnknownSymbolError(symbol, this.source.name, reason));
    return this.mutex.run(symbol, () => this.refreshUnlocked(symbol));
  }

  /** Cached bars (validated on read); empty when the symbol was never refreshed. */
  async read(symbol: string, range?: DateRange): Promise<PriceBar[]> {
    assertSymbol(symbol, (reason) => new UnknownSymbolError(symbol, this.source.name, reason));
    assertRange(range);
    return filterRange(await this.readAll(symbol), range);
  }

  async lastDate(symbol: string): Promise<string | null> {
    return (await this.read(symbol)).at(-1)?.date ?? null;
  }

  private async readAll(symbol: string): Promise<PriceBar[]> {
    return (await readPriceCsvFile(this.filePath(symbol), symbol)) ?? [];
  }

  private async refreshUnlocked(symbol: string): Promise<RefreshResult> {
    const today = utcMsToIsoDate(this.now().getTime());
    const cached = await this.readAll(symbol);
    const last = cached.at(-1);

    if (!last) {
      const bars = await this.source.fetchBars(symbol, { to: today });
      if (bars.length > 0) await this.write(symbol, bars);
      return this.result(symbol, bars, bars.length, false);
    }

    const fetched = await this.source.fetchBars(symbol, { from: last.date, to: today });
    const mismatch = overlapMismatch(cached, fetched);
    if (mismatch) {
      this.logger.warn(`price cache ${symbol}: ${mismatch}; re-fetching the full history from ${this.source.name}`);
      const bars = await this.source.fetchBars(symbol, { to: today });
      const known = new Set(cached.map((b) => b.date));
      await this.write(symbol, bars);
      return this.result(symbol, bars, bars.filter((b) => !known.has(b.date)).length, true);
    }

    const added = fetched.filter((b) => b.date > last.date);
    if (added.length === 0) return this.result(symbol, cached, 0, false);
    const merged = [...cached, ...added];
    await this.write(symbol, merged);
    return this.result(symbol, merged, added.length, false);
  }

  private async write(symbol: string, bars: PriceBar[]): Promise<void> {
    // Re-validate the whole series: the source validated its slice, this checks the seam.
    const valid = assertValidBars(symbol, this.filePath(symbol), bars);
    await mkdir(this.dir, { recursive: true });
    await writeFileAtomic(this.filePath(symbol), formatPriceCsv(valid));
  }

  private result(symbol: string, bars: PriceBar[], rowsAdded: number, fullRefetch: boolean): RefreshResult {
    return {
      symbol,
      source: this.source.name,
      rowsAdded,
      totalRows: bars.length,
      firstDate: bars[0]?.date ?? null,
      lastDate: bars.at(-1)?.date ?? null,
      fullRefetch,
    };
  }
}

/**
 * Why the re-fetched overlap disagrees with the cache, or null when it agrees. The source must
 * still have the cached last day (unless it returned nothing new at all), and every re-fetched
 * day up to it must equal the cached bar.
 */
function overlapMismatch(cached: PriceBar[], fetched: PriceBar[]): string | null {
  const last = cached.at(-1);
  if (fetched.length === 0 || last === undefined) return null;
  const byDate = new Map(cached.map((b) => [b.date, b]));
  const overlap = fetched.filter((b) => b.date <= last.date);
  if (!overlap.some((b) => b.date === last.date)) {
    return `the source has no bar for the cached last day ${last.date}`;
  }
  for (const bar of overlap) {
    const old = byDate.get(bar.date);
    if (!old) return `the source has a bar for ${bar.date}, which the cache lacks`;
    const field = differingField(old, bar);
    if (field) return `${bar.date} ${field} changed from ${old[field]} to ${bar[field]}`;
  }
  return null;
}

function differingField(a: PriceBar, b: PriceBar): Exclude<keyof PriceBar, 'date'> | null {
  for (const f of ['open', 'high', 'low', 'close', 'adjClose', 'volume'] as const) {
    if (Math.abs(a[f] - b[f]) > DEFAULT_PRICE_TOLERANCE * Math.max(Math.abs(a[f]), Math.abs(b[f]))) return f;
  }
  return null;
}
