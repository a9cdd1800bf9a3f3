/** JSON schemas shared by the routes: fastify validates params and query strings with them. */
import { SYMBOL_PATTERN } from '../../common/constants.js';
import { CALENDAR_DATE_FORMAT } from './errors.js';

export const symbolParams = {
  type: 'object',
  properties: {
    // maxLength first: a 500-character "symbol" is refused before the pattern runs.
    symbol: { type: 'string', maxLength: 15, pattern: SYMBOL_PATTERN.source },
  },
  required: ['symbol'],
  additionalProperties: false,
} as const;

/** A query string that takes no parameters: unknown ones are a 400, not silently ignored. */
export const noQuery = { type: 'object', properties: {}, additionalProperties: false } as const;

/** `?limit=`: plain digits within 1..max (read strictly by query-numbers.ts before ajv coerces). */
export const limitQuery = (defaultLimit: number, max: number) => ({
  type: 'object',
  properties: { limit: { type: 'integer', minimum: 1, maximum: max, default: defaultLimit } },
  additionalProperties: false,
}) as const;

/** `GET /incidents`: which status (default open), one symbol (`system`: system-wide ones), how many. */
export const incidentsQuery = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['open', 'resolved', 'all'], default: 'open' },
    symbol: { type: 'string', maxLength: 15, anyOf: [{ pattern: SYMBOL_PATTERN.source }, { const: 'system' }] },
    limit: { type: 'integer', minimum: 1, maximum: 5000, default: 200 },
  },
  additionalProperties: false,
} as const;

/**
 * `GET /predict/:symbol?asOf=YYYY-MM-DD`: an on-demand forecast from the bars up to that day.
 * The day must exist (2025-02-31 and 2023-02-29 do not): format `calendar-date`, app.ts.
 */
export const predictQuery = {
  type: 'object',
  properties: { asOf: { type: 'string', format: CALENDAR_DATE_FORMAT } },
  additionalProperties: false,
} as const;

const nullableNumber = { type: ['number', 'null'] } as const;
const nullableString = { type: ['string', 'null'] } as const;

/** A symbol's data freshness (common/wire Freshness). */
export const freshnessSchema = {
  type: 'object',
  properties: {
    symbol: { type: 'string' },
    state: { type: 'string', enum: ['fresh', 'stale', 'failing'] },
    lastBar: nullableString,
    lastCompletedSession: { type: 'string' },
    sessionsBehind: { type: ['integer', 'null'] },
    error: { type: 'string' },
    checkedAt: { type: 'string' },
  },
  required: ['symbol', 'state', 'lastBar', 'lastCompletedSession', 'sessionsBehind', 'checkedAt'],
} as const;

/** `GET /predict/:symbol` 200 body (also its serializer: fast-json-stringify). */
const priceIntervalSchema = {
  type: 'object',
  properties: { low: { type: 'number' }, high: { type: 'number' } },
  required: ['low', 'high'],
} as const;

export const forecastIntervalsSchema = {
  type: ['object', 'null'],
  properties: { p80: priceIntervalSchema, p95: priceIntervalSchema },
  required: ['p80', 'p95'],
} as const;

export const predictionSchema = {
  type: 'object',
  properties: {
    symbol: { type: 'string' },
    forecastClose: { type: 'number' },
    lastClose: nullableNumber,
    expectedChange: nullableNumber,
    /** "none": the model has no directional information (P(up) within its band of the base rate); "flat" only in forecasts stored before. */
    direction: { type: 'string', enum: ['up', 'down', 'none', 'flat'] },
    /** Calibrated probability that the more likely side is right (≥ 0.5). */
    confidence: { type: 'number' },
    /** 80% and 95% prediction intervals of the close of targetDate; null for forecasts stored before intervals existed. */
    intervals: forecastIntervalsSchema,
    modelVersion: { type: 'integer' },
    championVersion: { type: ['integer', 'null'] },
    servedByChampion: { type: 'boolean' },
    asOf: { type: 'string' },
    /** The NYSE session the forecast is for (the first after `asOf`); never null. */
    targetDate: { type: 'string' },
    createdAt: { type: 'string' },
    /** true when computed for `?asOf=` rather than read from the stored forecast. */
    onDemand: { type: 'boolean' },
    /** true when the symbol's cached data is more than `monitoring.staleAfterSessions` sessions behind (or absent). */
    stale: { type: 'boolean' },
    freshness: freshnessSchema,
  },
  required: ['symbol', 'forecastClose', 'direction', 'confidence', 'intervals', 'modelVersion', 'asOf', 'targetDate', 'createdAt', 'stale', 'freshness'],
} as const;

export const healthSchema = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ok', 'degraded'] },
    startedAt: { type: 'string' },
    uptimeSeconds: { type: 'number' },
    symbols: {
      type: 'object',
      properties: { configured: { type: 'integer' }, withModel: { type: 'integer' } },
    },
    versions: { type: 'integer' },
    /** Why the status is degraded: stale or failing data, symbols without a champion, DB/registry errors. */
    reasons: { type: 'array', items: { type: 'string' } },
    /** Configured symbols by data freshness state. */
    freshness: {
      type: 'object',
      properties: {
        lastCompletedSession: nullableString,
        fresh: { type: 'array', items: { type: 'string' } },
        stale: { type: 'array', items: { type: 'string' } },
        failing: { type: 'array', items: { type: 'string' } },
        error: { type: 'string' },
      },
    },
    db: {
      type: 'object',
      properties: { ok: { type: 'boolean' }, schemaVersion: { type: ['integer', 'null'] }, error: { type: 'string' } },
    },
    registry: {
      type: 'object',
      properties: { ok: { type: 'boolean' }, error: { type: 'string' }, championProblems: { type: 'array', items: { type: 'string' } } },
    },
    /** The TensorFlow.js backend this process loads models with; null before it loaded one. */
    tfBackend: nullableString,
  },
} as const;
