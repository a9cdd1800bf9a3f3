/**
 * A real data directory for the API tests: two symbols trained for real (tiny settings) on
 * the shared price files, saved and promoted in a temporary registry, with forecasts,
 * evaluations, live scores, decisions and incidents in a temporary history database.
 */
import path from 'node:path';
import { saveTrained } from '../../../domain/serving/model-store.js';
import { HistoryStore } from '../../../domain/history/index.js';
import { CsvPriceSource, PriceCache, readPriceCsvFile } from '../../../domain/prices/index.js';
import { disposeEnsemble, predictNext, serializeEnsemble, trainModel } from '../../../domain/engine/index.js';
import { ModelRegistry } from '../../../domain/registry/index.js';
import type { ApiConfig } from '../../../apps/api/index.js';
import { loadConfig } from '../../../config/index.js';
import { inject } from 'vitest';
import { PRICES_DIR } from '../../helpers/paths.js';

export const TRAINED = ['SPY', 'AAPL'] as const;
/** Configured but never trained: the "no model" case. */
export const UNTRAINED = 'MSFT';
export const TOKEN = 'test-token-0123456789';

export interface Fixture {
  dataDir: string;
  registry: ModelRegistry;
  history: HistoryStore;
  priceCache: PriceCache;
  config: ApiConfig;
  /** Version promoted per trained symbol. */
  versions: Record<string, number>;
  /** A time the fixture's records are before; ages are measured against it. */
  now: Date;
}

export async function buildFixture(dataDir: string): Promise<Fixture> {
  const registry = new ModelRegistry({ root: path.join(dataDir, 'models') });
  const history = HistoryStore.open({ file: path.join(dataDir, 'history.sqlite') });
  const priceCache = new PriceCache({ dir: path.join(dataDir, 'prices'), source: new CsvPriceSource({ dir: PRICES_DIR }), logger: { warn: () => undefined } });
  const versions: Record<string, number> = {};
  const trainedAt = new Date();
  for (const symbol of TRAINED) {
    await priceCache.refresh(symbol);
    const bars = (await readPriceCsvFile(path.join(PRICES_DIR, `${symbol}.csv`), symbol))!;
    const model = await trainModel({ bars, symbol, epochs: 2, quick: true, seed: 7, trainedAt, split: { evalDays: 40 } });
    try {
      const serialized = await serializeEnsemble(model);
      const version = saveTrained(registry, serialized);
      registry.promote(symbol, version, { promote: true, reason: 'test fixture' });
      versions[symbol] = version;
      const ev = serialized.metadata.evaluation;
      // Three holdout-like evaluations over time, so the metric-history chart has a line.
      for (const [i, shift] of [0.004, -0.002, 0].entries()) {
        history.addEvaluation({
          symbol, version, kind: i === 2 ? 'holdout' : 'backtest', evaluatedAt: new Date(trainedAt.getTime() - (2 - i) * 86_400_000),
          from: ev.range.from, to: ev.range.to, n: ev.range.n,
          metrics: { mape: ev.model.mape + shift, directionAccuracy: ev.model.directionAccuracy - shift, meanConfidence: ev.model.meanConfidence, persistenceMape: ev.baselines.persistence.mape, baselineDirectionAccuracy: ev.baselines.direction.accuracy },
        });
      }
      history.addLiveScore({
        symbol, version, scoredAt: trainedAt, from: ev.range.from, to: ev.range.to, n: 12,
        directionAccuracy: 0.5, mape: 0.02, meanConfidence: 0.55,
        details: { directionCi: [0.25, 0.75], persistenceMape: 0.019, baselineDirectionAccuracy: 0.52 },
      });
      history.addDecision({
        symbol, challengerVersion: version, championVersion: null, promoted: true, reason: 'first model', at: trainedAt,
        workflowId: `retrain-${symbol}`,
      });
      const p = predictNext(model, await priceCache.read(symbol));
      history.addPrediction({
        symbol, asOf: p.asOf, targetDate: p.targetDate, forecastClose: p.forecastClose, lastClose: p.lastClose, direction: p.direction,
        confidence: p.confidence, intervals: p.intervals, modelVersion: version, createdAt: trainedAt,
      });
    } finally {
      disposeEnsemble(model);
    }
  }
  // Incidents: SPY has two open ones, the system one, AAPL one that was resolved.
  const scope = { symbols: [...TRAINED], system: true };
  const aaplApi = { symbol: 'AAPL', rule: 'api', severity: 'warning' as const, message: 'prediction API failed for AAPL: HTTP 500', advice: 'read the API log' };
  history.reconcileIncidents(new Date(trainedAt.getTime() - 7_200_000), [aaplApi], scope);
  history.reconcileIncidents(new Date(trainedAt.getTime() - 3_600_000), [
    { symbol: 'SPY', rule: 'absolute-threshold', severity: 'warning', message: 'MAPE 6.1% > 5% (n=41)', advice: 'a retrain was started' },
    { symbol: 'SPY', rule: 'data', severity: 'critical', message: 'price refresh failed for SPY', advice: 'check the price source' },
    { symbol: null, rule: 'health', severity: 'info', message: 'disk 12% free', advice: 'free disk space' },
  ], scope);
  return {
    dataDir,
    registry,
    history,
    priceCache,
    versions,
    now: new Date(trainedAt.getTime() + 60_000),
    config: {
      symbols: [...TRAINED, UNTRAINED],
      thresholds: { maxModelAgeDays: 7, minDirectionAccuracy: 0.45, maxMape: 0.05, minConfidence: 0.6, overrides: { AAPL: { maxMape: 0.08 } } },
    },
  };
}

/** The configuration of an API over the fixture's data directory: its three symbols, the real CSVs, the test server. */
export function fixtureConfig(dir: string, extra: Record<string, string> = {}) {
  return loadConfig({
    cwd: dir,
    env: {
      STOCKFLOW_DATA_DIR: dir,
      STOCKFLOW_SYMBOLS: 'SPY,AAPL,MSFT',
      STOCKFLOW_PRICE_SOURCE: `csv:${PRICES_DIR}`,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      ...extra,
    },
  });
}
