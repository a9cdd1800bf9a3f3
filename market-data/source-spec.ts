import path from 'node:path';
import { ConfigError } from '../common/errors';
import { CsvPriceSource } from './csv-source';
import { type MarketDataLogger, type PriceSource } from './price-source';
import { type SyntheticOptions, SyntheticPriceSource } from './synthetic-source';
import { type FetchLike } from './yahoo-errors';
import { YahooPriceSource } from './yahoo-source';

export interface PriceSourceSpecOptions {
  /** Directory a relative `csv:DIR` is resolved against (e.g. the config file's directory). */
  baseDir: string;
  /** Config field name used in the error message. Default `priceSource`. */
  field?: string;
  /** For `yahoo`: injected HTTP fetch and timeout. */
  fetch?: FetchLike;
  timeoutMs?: number;
  logger?: MarketDataLogger;
  /** For `synthetic`: length and end of the series (the seed comes from the spec). */
  synthetic?: Omit<SyntheticOptions, 'seed'>;
}

export const PRICE_SOURCE_SPEC_FORMS = '"yahoo", "csv:DIR" (DIR relative to the base directory), "synthetic" or "synthetic:SEED" (SEED an integer 0–4294967295)';

/** Builds the source a configuration string names; a bad string throws `ConfigError`. */
export function parsePriceSourceSpec(spec: string, options: PriceSourceSpecOptions): PriceSource {
  const refuse = () => new ConfigError(options.field ?? 'priceSource', spec, PRICE_SOURCE_SPEC_FORMS);
  const trimmed = typeof spec === 'string' ? spec.trim() : '';

  if (trimmed === 'yahoo') {
    return new YahooPriceSource({ fetch: options.fetch, timeoutMs: options.timeoutMs, logger: options.logger });
  }
  if (trimmed.startsWith('csv:')) {
    const dir = trimmed.slice('csv:'.length).trim();
    if (dir === '') throw refuse();
    return new CsvPriceSource({ dir: path.resolve(options.baseDir, dir) });
  }
  const synthetic = /^synthetic(?::(\d+))?$/.exec(trimmed);
  if (synthetic) {
    const seed = synthetic[1] === undefined ? undefined : Number(synthetic[1]);
    if (seed !== undefined && seed > 0xffffffff) throw refuse();
    return new SyntheticPriceSource({ ...options.synthetic, seed });
  }
  throw refuse();
}
