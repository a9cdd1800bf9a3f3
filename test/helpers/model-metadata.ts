/**
 * A complete, valid `ModelMetadata` for artifacts that are only files and metadata (registry,
 * retention and API tests; bench:api), so they pass the registry's metadata check like a trained
 * model's would. `scores` sets the holdout numbers a test reads back.
 */
import type { ModelMetadata } from '../../domain/engine/index.js';

export interface ExampleScores {
  mape?: number;
  directionAccuracy?: number;
  n?: number;
  persistenceMape?: number;
  baselineDirectionAccuracy?: number;
}

export function exampleModelMetadata(
  symbol: string, recipe = 'test-artifact', trainedAt = '2026-11-01T00:00:00.000Z', scores: ExampleScores = {}, seed = 1,
): ModelMetadata {
  const { mape = 0.02, directionAccuracy = 0.55, n = 250, persistenceMape = 0.021, baselineDirectionAccuracy = 0.52 } = scores;
  const range = { from: '2024-01-02', to: '2024-12-31', n };
  return {
    formatVersion: 1,
    recipe,
    symbol,
    trainedAt,
    dataHash: '0'.repeat(64),
    dataRange: {
      usableFrom: '2019-01-02',
      usableReason: 'full',
      bars: { from: '2019-01-02', to: '2024-12-31', n: 1500 },
      train: { from: '2019-03-15', to: '2023-09-29', n: 1150 },
      validation: { from: '2023-10-02', to: '2023-12-29', n: 63 },
      evaluation: range,
    },
    fits: {
      evaluated: {
        bars: { from: '2019-01-02', to: '2023-12-29', n: 1250 },
        train: { from: '2019-03-15', to: '2023-09-29', n: 1150 },
        validation: { from: '2023-10-02', to: '2023-12-29', n: 63 },
        calibratedOn: { from: '2023-10-02', to: '2023-12-29', n: 63 },
        epochs: 2,
        volatility: 'garch',
      },
      served: null,
    },
    features: ['ret1'],
    hyperParameters: {
      lookback: 20, gruUnits: 16, batchSize: 128, learningRate: 0.003, patience: 8, maxEpochs: 30, ridgeLambdas: [1], evalDays: 250, valDays: 100, maxTrainDays: 1500,
    },
    seed,
    backend: 'cpu',
    epochsRun: 3,
    bestEpoch: 2,
    quick: true,
    trainingMs: 1000,
    ensembleWeights: { gru: 0.5, ridge: 0.5, shrink: 1, ridgeLambda: 1 },
    evaluation: {
      symbol,
      range,
      model: {
        directionAccuracy, directionCi95: { low: Math.max(0, directionAccuracy - 0.06), high: Math.min(1, directionAccuracy + 0.06) },
        mape, mae: mape * 100, rmse: mape * 130, statedShare: 1, statedAccuracy: directionAccuracy,
        meanConfidence: 0.56, minConfidence: 0.5, brier: 0.25, baseRateBrier: 0.25, brierSkill: 0, ece: 0.03,
        intervals: { p80: intervalScores(n, 0.8, 0.8), p95: intervalScores(n, 0.95, 0.95) },
      },
      baselines: {
        persistence: { mape: persistenceMape, mae: persistenceMape * 100, rmse: persistenceMape * 130 },
        direction: {
          name: 'always-up', accuracy: baselineDirectionAccuracy, chosenOn: 250, baseRate: 0.53,
          alwaysUp: baselineDirectionAccuracy, alwaysDown: 1 - baselineDirectionAccuracy, sameAsToday: 0.49,
          hindsightBest: { name: 'always-up', accuracy: baselineDirectionAccuracy },
        },
        rollingStd: { p80: intervalScores(n, 0.8, 0.79), p95: intervalScores(n, 0.95, 0.94) },
      },
      skill: { mape: 1 - mape / persistenceMape, mae: 1 - mape / persistenceMape, direction: 1 - (1 - directionAccuracy) / (1 - baselineDirectionAccuracy) },
      overlapsTraining: false,
    },
  };
}

/** Plausible interval scores of `n` sessions at `level` with the given coverage. */
function intervalScores(n: number, level: number, coverage: number) {
  return { n, level, coverage, meanWidth: 0.04, intervalScore: 0.06, pinball: 0.004 };
}
