export type { DateRange, MarketDataLogger, PriceSource } from './price-source.js';
export {
  assertValidBars,
  type CandidateBar,
  DEFAULT_PRICE_TOLERANCE,
  type ValidationOptions,
  type ValidationResult,
  validateBars,
} from './validate.js';
export { CSV_COLUMNS, CSV_HEADER, formatPriceCsv, parsePriceCsv } from './csv-format.js';
export { CsvPriceSource, readPriceCsvFile } from './csv-source.js';
export { YahooPriceSource, type YahooSourceOptions } from './yahoo-source.js';
export { type FetchLike } from './yahoo-errors.js';
export { SYNTHETIC_DEFAULTS, type SyntheticOptions, SyntheticPriceSource } from './synthetic-source.js';
export { parsePriceSourceSpec, PRICE_SOURCE_SPEC_FORMS, type PriceSourceSpecOptions } from './source-spec.js';
export { PriceCache, type PriceCacheOptions, type RefreshResult } from './price-cache.js';
