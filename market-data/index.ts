export type { DateRange, MarketDataLogger, PriceSource } from './price-source';
export {
  assertValidBars,
  type CandidateBar,
  DEFAULT_PRICE_TOLERANCE,
  type ValidationOptions,
  type ValidationResult,
  validateBars,
} from './validate';
export { CSV_COLUMNS, CSV_HEADER, formatPriceCsv, parsePriceCsv } from './csv-format';
export { CsvPriceSource, readPriceCsvFile } from './csv-source';
export { YahooPriceSource, type YahooSourceOptions } from './yahoo-source';
export { type FetchLike } from './yahoo-errors';
export { SYNTHETIC_DEFAULTS, type SyntheticOptions, SyntheticPriceSource } from './synthetic-source';
export { parsePriceSourceSpec, PRICE_SOURCE_SPEC_FORMS, type PriceSourceSpecOptions } from './source-spec';
export { writeFileAtomic } from './atomic-write';
export { PriceCache, type PriceCacheOptions, type RefreshResult } from './price-cache';
