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

export const evaluationReportSchema: z.ZodType<EvaluationReport> = z.looseObject({
  symbol: z.string().min(1),
  range: dateRange,
  model: z.looseObject({
    directionAccuracy: finite,
    directionCi95: z.looseObject({ low: finite, high: finite }),
    mape: finite,
    mae: finite,
    rmse: finite,
    meanConfidence: finite,
    brier: finite,
    ece: finite,
  }),
  baselines: z.looseObject({
    persistence: priceErrors,
    direction: z.looseObject({ name: z.enum(['always-up', 'same-as-today']), accuracy: finite, alwaysUp: finite, sameAsToday: finite }),
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
});

/** The metadata of a saved model, or why it is not (first problem, with its path). */
export function readModelMetadata(value: unknown): { ok: true; metadata: ModelMetadata } | { ok: false; problem: string } {
  const parsed = modelMetadataSchema.safeParse(value);
  if (parsed.success) return { ok: true, metadata: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, problem: `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}` };
}
