/**
 * Builds the `PriceSource` a configuration string names. The grammar itself lives in
 * common/price-source-spec.ts (shared with config/ and the CLI); this adds the base directory
 * and the per-source options.
 */

import path from 'node:path';
import { ConfigError } from '../../common/errors.js';
import { PRICE_SOURCE_SPEC_FORMS, readPriceSourceSpec } from '../../common/price-source-spec.js';
import { CsvPriceSource } from './csv-source.js';
import { type MarketDataLogger, type PriceSource } from './price-source.js';
import { type SyntheticOptions, SyntheticPriceSource } from './synthetic-source.js';
import type { PlausibilityRule } from '../../common/prices.js';
import { type FetchLike } from './yahoo-errors.js';
import { YahooPriceSource } from './yahoo-source.js';

export interface PriceSourceSpecOptions {
  /** Directory a relative `csv:DIR` is resolved against (e.g. the config file's directory). */
  baseDir: string;
  /** Config field name used in the error message. Default `priceSource`. */
  field?: string;
  /** For `yahoo`: injected HTTP fetch and timeout. */
  fetch?: FetchLike;
  timeoutMs?: number;
  logger?: MarketDataLogger;
  /** For `yahoo`: the plausibility rule (config `marketData`) and the clock that says what "today" is. */
  plausibility?: PlausibilityRule;
  now?: () => Date;
  /** For `synthetic`: length and end of the series (the seed comes from the spec). */
  synthetic?: Omit<SyntheticOptions, 'seed'>;
}

export { PRICE_SOURCE_SPEC_FORMS };

/** Builds the source a configuration string names; a bad string throws `ConfigError`. */
export function parsePriceSourceSpec(spec: string, options: PriceSourceSpecOptions): PriceSource {
  const parsed = readPriceSourceSpec(spec);
  if (parsed === null) throw new ConfigError(options.field ?? 'priceSource', spec, PRICE_SOURCE_SPEC_FORMS);
  switch (parsed.kind) {
    case 'yahoo':
      return new YahooPriceSource({
        fetch: options.fetch,
        timeoutMs: options.timeoutMs,
        logger: options.logger,
        plausibility: options.plausibility,
        now: options.now,
      });
    case 'csv':
      return new CsvPriceSource({ dir: path.resolve(options.baseDir, parsed.dir) });
    case 'synthetic':
      return new SyntheticPriceSource({ ...options.synthetic, seed: parsed.seed });
  }
}
