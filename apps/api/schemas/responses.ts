/**
 * The response side of the small routes, in zod: the one error body, `/predict/:symbol`,
 * `/health`, `/incidents`. Each is the route's serializer (converted once to JSON Schema and
 * compiled by fast-json-stringify, zod-compilers.ts), its OpenAPI description, and — through
 * the type provider — the type the handler must return. Metric values are fractions
 * (0.021 = 2.1 %), times ISO-8601 UTC, days YYYY-MM-DD.
 */
import { z } from 'zod';

export const day = z.string().meta({ format: 'date', example: '2025-06-30' });
export const instant = z.string().meta({ format: 'date-time' });
export const nullableNumber = z.number().nullable();

/** `{ error: { code, message } }`: every 4xx and 5xx answer. */
export const errorBody = z.object({
  error: z.object({
    code: z.string().meta({ description: 'stable machine-readable code, e.g. unknown_symbol, invalid_request' }),
    message: z.string().meta({ description: 'what went wrong and what to do, for a person' }),
  }),
}).meta({ id: 'Error' });

/** Error statuses every route may answer, serialised with the one error shape. */
export const errorResponses = { '4xx': errorBody, '5xx': errorBody } as const;

/** A symbol's data freshness (common/wire Freshness). */
export const freshness = z.object({
  symbol: z.string(),
  state: z.enum(['fresh', 'stale', 'failing']),
  lastBar: day.nullable(),
  lastCompletedSession: day,
  sessionsBehind: z.number().int().nullable(),
  error: z.string().optional(),
  checkedAt: instant,
}).meta({ id: 'Freshness' });

/**
 * `GET /predict/:symbol` 200. Open (`additionalProperties`): forecast fields added later
 * (intervals, other directions) pass through the serializer instead of being dropped.
 */
export const prediction = z.object({
  symbol: z.string(),
  forecastClose: z.number(),
  lastClose: nullableNumber,
  expectedChange: nullableNumber.meta({ description: 'forecastClose / lastClose − 1' }),
  direction: z.enum(['up', 'down', 'flat', 'none']),
  confidence: z.number(),
  modelVersion: z.number().int(),
  championVersion: z.number().int().nullable(),
  servedByChampion: z.boolean(),
  asOf: day,
  targetDate: day.meta({ description: 'the NYSE session the forecast is for (the first after asOf)' }),
  createdAt: instant,
  onDemand: z.boolean().optional().meta({ description: 'true when computed for ?asOf= rather than read from the stored forecast' }),
  stale: z.boolean().meta({ description: 'the cached data is more than monitoring.staleAfterSessions sessions behind (or absent)' }),
  freshness,
}).meta({ id: 'Prediction', additionalProperties: true });

const symbolList = z.array(z.string());

export const health = z.object({
  status: z.enum(['ok', 'degraded']),
  startedAt: instant,
  uptimeSeconds: z.number(),
  symbols: z.object({ configured: z.number().int(), withModel: z.number().int() }),
  /** The TensorFlow.js backend this process runs (tensorflow, wasm or cpu), or null before any model was loaded. */
  tfBackend: z.string().nullable(),
  versions: z.number().int(),
  reasons: z.array(z.string()).meta({ description: 'why the status is degraded' }),
  freshness: z.object({
    lastCompletedSession: day.nullable(),
    fresh: symbolList,
    stale: symbolList,
    failing: symbolList,
    error: z.string().optional(),
  }),
  db: z.object({ ok: z.boolean(), schemaVersion: z.number().int().nullable(), error: z.string().optional() }),
  registry: z.object({ ok: z.boolean(), error: z.string().optional(), championProblems: z.array(z.string()).optional() }),
}).meta({ id: 'Health' });

export const incident = z.object({
  id: z.number().int(),
  symbol: z.string().nullable().meta({ description: 'null: system-wide' }),
  rule: z.string(),
  severity: z.enum(['info', 'warning', 'critical']),
  status: z.enum(['open', 'resolved']),
  message: z.string(),
  advice: z.string(),
  firstSeen: instant,
  lastSeen: instant,
  occurrences: z.number().int(),
  resolvedAt: instant.nullable(),
  acknowledged: z.boolean(),
  acknowledgedAt: instant.nullable(),
  details: z.record(z.string(), z.unknown()),
}).meta({ id: 'Incident' });

export const incidentList = z.object({
  generatedAt: instant,
  status: z.enum(['open', 'resolved', 'all']),
  symbol: z.string().nullable(),
  incidents: z.array(incident),
});
