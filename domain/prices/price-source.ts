import { type PriceBar } from '../../common/prices.js';

/** Inclusive ISO date range (`YYYY-MM-DD`); an absent end is open. */
export interface DateRange {
  from?: string;
  to?: string;
}

/**
 * Where daily bars come from. Every implementation returns bars that passed
 * `validateBars` (ascending unique dates, positive finite prices, consistent OHLC) and throws
 * the domain errors of `common/errors.ts`: `UnknownSymbolError` (permanent),
 * `InvalidPriceDataError` (permanent), `RateLimitedError` and `DataSourceUnavailableError`
 * (retryable).
 */
export interface PriceSource {
  /** Identifies the source in results and error messages, e.g. `yahoo`, `csv:/data/prices`. */
  readonly name: string;
  fetchBars(symbol: string, range?: DateRange): Promise<PriceBar[]>;
  /**
   * Optional: a cheap token that changes whenever the symbol's data may have changed (a CSV
   * file's mtime and size), null when there is no data. A refresh that finds the same token as
   * last time skips the source entirely.
   */
  fingerprint?(symbol: string): Promise<string | null>;
}

/** Where the data layer reports what it deliberately skipped or repaired. */
export interface MarketDataLogger {
  warn(message: string): void;
}
