/**
 * The response bodies of `GET /models`, `/models/:symbol` and `/models/:symbol/forecasts`, in
 * zod (the serializer, the OpenAPI description and, through the type provider, the type the
 * handlers must return). Records the API passes through from the history database and the
 * registry (evaluation metrics, decision details, model metadata) keep their free-form parts
 * as open objects.
 */
import { z } from 'zod';
import { day, freshness, incident, instant, nullableNumber } from './responses.js';
import { modelMetadataSchema } from '../../../domain/engine/metadata-schema.js';

const openObject = z.record(z.string(), z.unknown());
const interval = z.tuple([z.number(), z.number()]).nullable();
const checkStatus = z.enum(['ok', 'warn', 'breach', 'unknown', 'off']);

const intervalScores = z.object({ n: z.number().int(), level: z.number(), coverage: z.number(), meanWidth: z.number(), intervalScore: z.number(), pinball: z.number() });
const intervalLevels = z.object({ p80: intervalScores, p95: intervalScores });

export const holdoutMetrics = z.object({
  n: z.number().int(),
  from: day.nullable(),
  to: day.nullable(),
  mape: nullableNumber,
  directionAccuracy: nullableNumber,
  directionCi: interval,
  meanConfidence: nullableNumber,
  persistenceMape: nullableNumber.meta({ description: 'persistence (tomorrow = today) MAPE on the same days' }),
  baselineDirectionAccuracy: nullableNumber.meta({ description: 'the better of "always up" / "same as today" on the same days' }),
  baselineDirectionName: z.string().nullable(),
  intervals: z.object({ model: intervalLevels, rollingStd: intervalLevels })
    .meta({ description: '80% / 95% prediction-interval scores (log-return units) beside the rolling 250-session std baseline; absent before intervals' })
    .optional(),
}).meta({ id: 'HoldoutMetrics', additionalProperties: true });

export const metricCheck = z.object({
  value: nullableNumber,
  threshold: nullableNumber.meta({ description: 'null: the threshold is off' }),
  kind: z.enum(['min', 'max']),
  status: checkStatus,
  baseline: nullableNumber,
  baselineName: z.string().nullable(),
  n: z.number().int().nullable(),
  basis: z.enum(['live', 'holdout', 'registry']).nullable(),
}).meta({ id: 'MetricCheck' });

const liveSummary = z.object({
  scoredAt: instant,
  version: z.number().int(),
  from: day,
  to: day,
  n: z.number().int(),
  directionAccuracy: nullableNumber,
  directionCi: interval,
  mape: nullableNumber,
  meanConfidence: nullableNumber,
  persistenceMape: nullableNumber,
  baselineDirectionAccuracy: nullableNumber,
});

const skillJudgement = z.object({
  n: z.number().int(),
  from: day.nullable(),
  to: day.nullable(),
  alpha: z.number(),
  tests: z.array(z.object({
    rule: z.enum(['error-vs-persistence', 'direction-vs-naive', 'brier-vs-base-rate', 'skill-drop', 'skill-trend', 'interval-coverage']),
    n: z.number().int(),
    model: z.number(),
    baseline: z.number(),
    baselineName: z.string(),
    statistic: nullableNumber,
    pValue: nullableNumber,
    adjustedPValue: nullableNumber,
    breach: z.boolean(),
  })),
  breached: z.array(z.string()),
  note: z.string().optional(),
}).meta({ id: 'SkillJudgement' });

const forecastView = z.object({
  symbol: z.string(),
  asOf: day,
  targetDate: day,
  forecastClose: z.number(),
  lastClose: nullableNumber,
  expectedChange: nullableNumber,
  direction: z.enum(['up', 'down', 'flat', 'none']),
  confidence: z.number(),
  modelVersion: z.number().int(),
  createdAt: instant,
}).meta({ additionalProperties: true });

const thresholds = z.object({
  maxModelAgeDays: z.number(),
  minDirectionAccuracy: nullableNumber,
  maxMape: nullableNumber,
  minConfidence: nullableNumber,
});

const schedule = z.object({ id: z.string(), paused: z.boolean(), nextRunTimes: z.array(instant), lastRun: instant.optional() });

/** One status row of `GET /models` (and the head of `GET /models/:symbol`): common/wire's SymbolStatus plus links. */
export const modelRow = z.object({
  symbol: z.string(),
  configured: z.boolean(),
  champion: z.object({ version: z.number().int(), since: instant, reason: z.string() }).nullable(),
  championProblem: z.string().optional(),
  trainedAt: instant.nullable(),
  recipe: z.string().nullable(),
  quick: z.boolean().nullable(),
  epochsRun: z.number().int().nullable(),
  backend: z.string().nullable(),
  dataRange: z.object({ from: day, to: day }).nullable(),
  holdout: holdoutMetrics.nullable(),
  versionCount: z.number().int(),
  ageSeconds: z.number().nullable(),
  ageDays: z.number().nullable(),
  live: liveSummary.nullable(),
  thresholds,
  checks: z.object({ directionAccuracy: metricCheck, mape: metricCheck, confidence: metricCheck, age: metricCheck }),
  skill: skillJudgement.nullable(),
  status: z.enum(['ok', 'warn', 'breach', 'unknown', 'off', 'no-model']),
  lastRun: z.object({ at: instant, kind: z.enum(['retrain', 'evaluation', 'live-score']), detail: z.string(), workflowId: z.string().nullable() }).nullable(),
  lastDecision: z.object({
    at: instant, promoted: z.boolean(), challengerVersion: z.number().int().nullable(), championVersion: z.number().int().nullable(), reason: z.string(),
  }).nullable().meta({ description: "the symbol's latest promotion decision" }),
  nextRun: z.object({ training: instant.nullable(), monitoring: instant.nullable() }),
  openIncidents: z.object({ total: z.number().int(), critical: z.number().int(), warning: z.number().int(), info: z.number().int() }),
  latestForecast: forecastView.nullable(),
  links: z.object({ workflows: z.string(), lastRunWorkflow: z.string().nullable() }).nullable(),
  freshness,
  stale: z.boolean(),
}).meta({ id: 'ModelRow' });

export const modelList = z.object({
  generatedAt: instant,
  models: z.array(modelRow),
  schedules: z.array(schedule).nullable(),
  schedulesError: z.string().optional(),
  temporalUi: z.object({ baseUrl: z.string(), namespace: z.string() }).nullable(),
});

const versionSummary = z.object({
  symbol: z.string(),
  version: z.number().int(),
  recipe: z.string().nullable(),
  trainedAt: instant.nullable(),
  registeredAt: instant.nullable(),
  mape: nullableNumber,
  directionAccuracy: nullableNumber,
  n: z.number().int().nullable(),
  isChampion: z.boolean(),
  healthy: z.boolean().optional(),
  problem: z.string().optional(),
});

const backup = z.object({ id: z.string(), symbol: z.string(), version: z.number().int(), at: instant, reason: z.string(), manifestDigest: z.string() });

const evaluation = z.object({
  id: z.number().int(),
  symbol: z.string(),
  version: z.number().int(),
  evaluatedAt: instant,
  kind: z.enum(['holdout', 'backtest', 'live']),
  from: day,
  to: day,
  n: z.number().int(),
  metrics: openObject,
  source: z.string().nullable().meta({ description: 'the price source; only its kind (csv, yahoo, synthetic) unless authenticated' }),
});

const liveScore = z.object({
  id: z.number().int(),
  symbol: z.string(),
  version: z.number().int(),
  scoredAt: instant,
  from: day,
  to: day,
  n: z.number().int(),
  directionAccuracy: nullableNumber,
  mape: nullableNumber,
  meanConfidence: nullableNumber,
  details: openObject,
});

const decision = z.object({
  id: z.number().int(),
  at: instant,
  symbol: z.string(),
  challengerVersion: z.number().int().nullable(),
  championVersion: z.number().int().nullable(),
  promoted: z.boolean(),
  reason: z.string(),
  details: openObject,
  workflowId: z.string().nullable(),
});

const auditEntry = z.object({
  at: instant,
  symbol: z.string(),
  from: z.number().int().nullable(),
  to: z.number().int().nullable(),
  action: z.enum(['promote', 'restore', 'rollback', 'keep', 'skip-backup']),
  reason: z.string(),
  challenger: z.number().int().optional(),
  backupId: z.string().optional(),
});

/** `GET /models/:symbol`: the row plus metadata, versions, evaluations, live scores, decisions, audit, open incidents. */
export const modelDetail = modelRow.extend({
  // The engine's one schema of metadata.json (loose: the registry's version, registeredAt, … pass through).
  metadata: modelMetadataSchema.nullable(),
  versions: z.array(versionSummary),
  backups: z.array(backup),
  evaluations: z.array(evaluation),
  liveScores: z.array(liveScore),
  decisions: z.array(decision),
  audit: z.array(auditEntry),
  incidents: z.array(incident),
});

/** 80% / 95% prediction intervals of a close (common/wire ForecastIntervals); the dashboard draws the 80% one as a band. */
const priceInterval = z.object({ low: z.number(), high: z.number() });
const priceIntervals = z.object({ p80: priceInterval, p95: priceInterval }).meta({ id: 'PriceIntervals' });

const forecastPoint = z.object({
  date: day,
  previousClose: z.number(),
  lastClose: z.number(),
  forecastClose: z.number(),
  actualClose: z.number(),
  direction: z.enum(['up', 'down']),
  confidence: z.number(),
  directionCorrect: z.boolean(),
  ape: z.number(),
  intervals: priceIntervals.nullable().optional().meta({ description: 'the forecast\'s 80% / 95% close intervals (absent for models trained before intervals)' }),
});

const storedForecast = z.object({
  asOf: day,
  targetDate: day.nullable(),
  forecastClose: z.number(),
  lastClose: nullableNumber,
  direction: z.enum(['up', 'down', 'flat', 'none']),
  confidence: z.number(),
  intervals: priceIntervals.nullable().optional().meta({ description: 'null for forecasts stored before intervals existed' }),
  modelVersion: z.number().int(),
  createdAt: instant,
  actualDate: day.nullable(),
  actualClose: nullableNumber,
}).meta({ additionalProperties: true });

/** `GET /models/:symbol/forecasts`: holdout walk-forward forecasts vs actual closes, and stored forecasts. */
export const forecasts = z.object({
  symbol: z.string(),
  championVersion: z.number().int().nullable(),
  holdout: z.object({
    version: z.number().int(),
    from: day,
    to: day,
    n: z.number().int(),
    mape: nullableNumber,
    directionAccuracy: nullableNumber,
    points: z.array(forecastPoint),
    computedAt: instant,
  }).nullable(),
  holdoutUnavailable: z.string().optional(),
  stored: z.array(storedForecast),
});
