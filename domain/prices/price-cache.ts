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
import { fileStamp, readPriceCsvFile } from './csv-source.js';
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
 *
 * Cheap when nothing is new: the cache remembers each file's stamp (mtime, size) and last bar
 * after a refresh. While the file is unchanged, a source whose fingerprint is unchanged (a CSV
 * file's mtime and size) is not asked at all, and any other source is asked only from the last
 * bar — the cached file is read, parsed and validated again only when something changed.
 */
export class PriceCache {
  readonly dir: string;
  readonly source: PriceSource;
  private readonly now: () => Date;
  private readonly logger: MarketDataLogger;
  private readonly mutex = new KeyedMutex();
  /**
   * What the last refresh of each symbol left in the cache file, keyed by that file's stamp
   * (mtime and size): a later refresh that finds the file unchanged knows its last bar without
   * reading, parsing and validating the whole file, and skips the source when its fingerprint
   * is unchanged too.
   */
  private readonly lastRefresh = new Map<string, RefreshMemo>();

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

  /**
   * The cached bars, made to reach `through` first: a session another process's refresh saw,
   * which this machine's cache (a per-machine copy) may not have yet. When the cache is empty or
   * ends before it, the symbol is refreshed from the source first (read-through); when it still
   * ends before it, that is an error naming both dates (the activity fails and is retried). With
   * `exact`, bars after `through` are left out, so every worker reads the same series the
   * refresh saw, whatever its own cache holds. `through` null: the cache as it is, refreshed
   * only when empty.
   */
  async readThrough(symbol: string, through: string | null, options: { exact?: boolean } = {}): Promise<PriceBar[]> {
    let bars = await this.read(symbol);
    const reaches = () => bars.length > 0 && (through === null || bars.at(-1)!.date >= through);
    if (!reaches()) {
      await this.refresh(symbol);
      bars = await this.read(symbol);
    }
    if (!reaches()) {
      const last = bars.at(-1)?.date;
      throw new Error(`prices of ${symbol} in ${this.filePath(symbol)} ${last ? `end at ${last}` : 'are empty'} after a refresh from ${this.source.name}, but the data needed reaches ${through ?? 'at least one session'}`);
    }
    return options.exact && through !== null ? bars.filter((b) => b.date <= through) : bars;
  }

  async lastDate(symbol: string): Promise<string | null> {
    return (await this.read(symbol)).at(-1)?.date ?? null;
  }

  private async readAll(symbol: string): Promise<PriceBar[]> {
    return (await readPriceCsvFile(this.filePath(symbol), symbol)) ?? [];
  }

  private async refreshUnlocked(symbol: string): Promise<RefreshResult> {
    const today = utcMsToIsoDate(this.now().getTime());
    const fingerprint = (await this.source.fingerprint?.(symbol)) ?? null;
    const memo = this.lastRefresh.get(symbol);
    const unchangedCache = memo !== undefined && memo.cacheStamp === (await fileStamp(this.filePath(symbol)));
    if (unchangedCache && fingerprint !== null && memo.sourceFingerprint === fingerprint && memo.today === today) {
      return { ...memo.result, rowsAdded: 0, fullRefetch: false };
    }
    // The cache file is as the last refresh left it: ask the source from its remembered last bar.
    const fetchedSinceLast = unchangedCache ? await this.source.fetchBars(symbol, { from: memo.lastBar.date, to: today }) : undefined;
    if (memo && fetchedSinceLast && nothingNewAfter(memo.lastBar, fetchedSinceLast)) {
      this.lastRefresh.set(symbol, { ...memo, sourceFingerprint: fingerprint, today });
      return { ...memo.result, rowsAdded: 0, fullRefetch: false };
    }
    const { result, lastBar } = await this.refreshFromCache(symbol, today, fetchedSinceLast);
    const cacheStamp = await fileStamp(this.filePath(symbol));
    if (cacheStamp !== null && lastBar) this.lastRefresh.set(symbol, { cacheStamp, sourceFingerprint: fingerprint, today, lastBar, result });
    else this.lastRefresh.delete(symbol);
    return result;
  }

  /** The refresh from the whole cached file; `fetchedSinceLast` is the source's answer from its last bar, when already asked. */
  private async refreshFromCache(symbol: string, today: string, fetchedSinceLast?: PriceBar[]): Promise<{ result: RefreshResult; lastBar: PriceBar | undefined }> {
    const cached = await this.readAll(symbol);
    const last = cached.at(-1);

    if (!last) {
      const bars = await this.source.fetchBars(symbol, { to: today });
      if (bars.length > 0) await this.write(symbol, bars);
      return this.outcome(symbol, bars, bars.length, false);
    }

    const fetched = fetchedSinceLast ?? await this.source.fetchBars(symbol, { from: last.date, to: today });
    const mismatch = overlapMismatch(cached, fetched);
    if (mismatch) {
      this.logger.warn(`price cache ${symbol}: ${mismatch}; re-fetching the full history from ${this.source.name}`);
      const bars = await this.source.fetchBars(symbol, { to: today });
      const known = new Set(cached.map((b) => b.date));
      await this.write(symbol, bars);
      return this.outcome(symbol, bars, bars.filter((b) => !known.has(b.date)).length, true);
    }

    const added = fetched.filter((b) => b.date > last.date);
    if (added.length === 0) return this.outcome(symbol, cached, 0, false);
    const merged = [...cached, ...added];
    await this.write(symbol, merged);
    return this.outcome(symbol, merged, added.length, false);
  }

  private async write(symbol: string, bars: PriceBar[]): Promise<void> {
    // Re-validate the whole series: the source validated its slice, this checks the seam.
    const valid = assertValidBars(symbol, this.filePath(symbol), bars);
    await mkdir(this.dir, { recursive: true });
    await writeFileAtomic(this.filePath(symbol), formatPriceCsv(valid));
  }

  private outcome(symbol: string, bars: PriceBar[], rowsAdded: number, fullRefetch: boolean): { result: RefreshResult; lastBar: PriceBar | undefined } {
    return { result: this.result(symbol, bars, rowsAdded, fullRefetch), lastBar: bars.at(-1) };
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

/** True when the source, asked from the cached last bar, returned exactly that bar, unchanged. */
function nothingNewAfter(lastBar: PriceBar, fetched: readonly PriceBar[]): boolean {
  const [only] = fetched;
  return fetched.length === 1 && only !== undefined && only.date === lastBar.date && differingField(lastBar, only) === null;
}

interface RefreshMemo {
  cacheStamp: string;
  sourceFingerprint: string | null;
  today: string;
  lastBar: PriceBar;
  result: RefreshResult;
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
