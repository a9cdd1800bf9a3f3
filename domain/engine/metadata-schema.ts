/**
 * The zod schema of `ModelMetadata` (metadata.json): the one check of a saved model's metadata,
 * used where it is read back — the registry's verified load and `loadEnsemble`. Typed against the
 * interfaces in types.ts, so the two cannot drift. Objects are loose: fields added by newer code
 * (or by the registry: version, registeredAt, idempotencyKey, restoredFrom) pass through.
 */
import { z } from 'zod';
import type { EvaluationReport, ModelMetadata } from './types.js';

const finite = z.number().refine(Number.isFinite, { error: 'a finite number' });
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'a day YYYY-MM-DD' });
const dateRange = z.looseObject({ from: day, to: day, n: z.number().int().nonnegative() });
const priceErrors = z.looseObject({ mape: finite, mae: finite, rmse: finite });
const naiveRule = z.enum(['always-up', 'always-down', 'same-as-today']);
const intervalScores = z.looseObject({ n: z.number().int().nonnegative(), level: finite, coverage: finite, meanWidth: finite, intervalScore: finite, pinball: finite });
const intervalPair = z.looseObject({ p80: intervalScores, p95: intervalScores });
const returnInterval = z.looseObject({ low: finite, high: finite });
const fitRecord = z.looseObject({
  bars: dateRange,
  train: dateRange,
  validation: dateRange.nullable(),
  calibratedOn: dateRange,
  epochs: z.number(),
  volatility: z.enum(['garch', 'ewma']),
});
const datedForecast = z.looseObject({
  date: day,
  signal: finite,
  sigma: finite,
  pUp: finite,
  predictedReturn: finite,
  direction: z.enum(['up', 'down', 'none']),
  lean: z.enum(['up', 'down']),
  confidence: finite,
  intervals: z.looseObject({ p80: returnInterval, p95: returnInterval }),
});

export const evaluationReportSchema: z.ZodType<EvaluationReport> = z.looseObject({
  symbol: z.string().min(1),
  range: dateRange,
  model: z.looseObject({
    directionAccuracy: finite,
    directionCi95: z.looseObject({ low: finite, high: finite }),
    mape: finite,
    mae: finite,
    rmse: finite,
    statedShare: finite,
    statedAccuracy: finite.nullable(),
    meanConfidence: finite,
    minConfidence: finite,
    brier: finite,
    baseRateBrier: finite,
    brierSkill: z.number(),
    ece: finite,
    intervals: intervalPair,
  }),
  baselines: z.looseObject({
    persistence: priceErrors,
    direction: z.looseObject({
      name: naiveRule,
      accuracy: finite,
      chosenOn: z.number().int().nonnegative(),
      baseRate: finite,
      alwaysUp: finite,
      alwaysDown: finite,
      sameAsToday: finite,
      hindsightBest: z.looseObject({ name: naiveRule, accuracy: finite }),
    }),
    rollingStd: intervalPair,
  }),
  skill: z.looseObject({ mape: finite, mae: finite, direction: finite }),
  overlapsTraining: z.boolean(),
});

export const modelMetadataSchema: z.ZodType<ModelMetadata> = z.looseObject({
  formatVersion: z.literal(1),
  recipe: z.string().min(1),
  symbol: z.string().min(1),
  trainedAt: z.string().min(1),
  dataHash: z.string(),
  dataRange: z.looseObject({
    usableFrom: day,
    usableReason: z.enum(['full', 'known-listing', 'flat-stretch']),
    bars: dateRange,
    train: dateRange,
    validation: dateRange,
    evaluation: dateRange,
  }),
  fits: z.looseObject({ evaluated: fitRecord, served: fitRecord.nullable() }),
  features: z.array(z.string()),
  hyperParameters: z.looseObject({
    lookback: z.number(),
    gruUnits: z.number(),
    batchSize: z.number(),
    learningRate: z.number(),
    patience: z.number(),
    maxEpochs: z.number(),
    ridgeLambdas: z.array(z.number()),
    evalDays: z.number(),
    valDays: z.number(),
    maxTrainDays: z.number(),
  }),
  seed: z.number(),
  backend: z.string(),
  epochsRun: z.number(),
  bestEpoch: z.number(),
  quick: z.boolean(),
  trainingMs: z.number(),
  ensembleWeights: z.looseObject({ gru: finite, ridge: finite, shrink: finite, ridgeLambda: finite }),
  evaluation: evaluationReportSchema,
  evaluationForecasts: z.array(datedForecast).optional(),
});

/** The metadata of a saved model, or why it is not (first problem, with its path). */
export function readModelMetadata(value: unknown): { ok: true; metadata: ModelMetadata } | { ok: false; problem: string } {
  const parsed = modelMetadataSchema.safeParse(value);
  if (parsed.success) return { ok: true, metadata: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, problem: `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}` };
}
