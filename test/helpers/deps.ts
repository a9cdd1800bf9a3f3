import path from 'node:path';
import { afterAll } from 'vitest';
import type { ActivityDeps } from '../../activities/index.js';
import { HistoryStore } from '../../domain/history/index.js';
import { CsvPriceSource, parsePriceSourceSpec, PriceCache } from '../../domain/prices/index.js';
import { ModelRegistry } from '../../domain/registry/index.js';
import { PRICES_DIR } from './paths.js';

const quiet = { warn: () => undefined };

export interface TestDepsOptions extends Partial<ActivityDeps> {
  /** Temporary data directory of the test. */
  dataDir: string;
  /** Directory of <SYMBOL>.csv files for the csv source (default: ../shared/data/prices). */
  pricesDir?: string;
}

/**
 * Real activity dependencies on a temporary data directory: csv prices, registry, history DB;
 * small, fast training (quick epochs, short evaluation window) unless overridden.
 */
export function testDeps(options: TestDepsOptions): ActivityDeps {
  const { dataDir, pricesDir, ...overrides } = options;
  const source = new CsvPriceSource({ dir: pricesDir ?? PRICES_DIR });
  const history = overrides.history ?? HistoryStore.open({ file: path.join(dataDir, 'history.sqlite') });
  afterAll(() => history.close());
  return {
    priceCache: new PriceCache({ dir: path.join(dataDir, 'prices'), source, logger: quiet }),
    registry: new ModelRegistry({ root: path.join(dataDir, 'models') }),
    history,
    symbols: ['SPY'],
    dataDir,
    sourceName: source.name,
    // As the worker builds it (domain/services.ts buildPriceSource) without a config file: relative to the working directory.
    priceSourceFor: (spec) => parsePriceSourceSpec(spec, { baseDir: process.cwd(), field: 'source' }),
    now: () => new Date(),
    training: { epochs: 3, quickEpochs: 2, seed: 7, evalDays: 60 },
    retrainConcurrency: 2,
    avoidMarketHours: false,
    retrainCooldownHours: 0,
    minLiveSessions: 20,
    judgement: { significance: 0.05, staleAfterSessions: 1, noSkillAfterRefusals: 3, noSkillRetryAfterSessions: 20 },
    // The production defaults: age limit on, the absolute metric thresholds off (skill is judged instead).
    thresholdsFor: () => ({ maxModelAgeDays: 7, minDirectionAccuracy: null, maxMape: null, minConfidence: null }),
    promotion: { margin: 0.02, checkBaseline: false },
    retention: { keepVersions: 3, logsDays: 14, reportsDays: 90 },
    apiBaseUrl: null,
    ...overrides,
  };
}
