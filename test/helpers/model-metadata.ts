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
        mape, mae: mape * 100, rmse: mape * 130, meanConfidence: 0.56, brier: 0.25, ece: 0.03,
      },
      baselines: {
        persistence: { mape: persistenceMape, mae: persistenceMape * 100, rmse: persistenceMape * 130 },
        direction: { name: 'always-up', accuracy: baselineDirectionAccuracy, alwaysUp: baselineDirectionAccuracy, sameAsToday: 0.49 },
      },
      skill: { mape: 1 - mape / persistenceMape, mae: 1 - mape / persistenceMape, direction: 1 - (1 - directionAccuracy) / (1 - baselineDirectionAccuracy) },
      overlapsTraining: false,
    },
  };
}
