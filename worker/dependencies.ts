import path from 'node:path';
import type { ActivityDeps } from '../activities';
import type { ResolvedConfig } from '../config';
import { parsePriceSourceSpec, PriceCache } from '../market-data';

/** Everything activities need, built once per worker process from the configuration. */
export function buildDependencies(config: ResolvedConfig): ActivityDeps {
  const source = parsePriceSourceSpec(config.priceSource, { baseDir: config.configFile ? path.dirname(config.configFile) : process.cwd() });
  return {
    priceCache: new PriceCache({ dir: path.join(config.dataDir, 'prices'), source }),
    symbols: config.symbols,
  };
}
