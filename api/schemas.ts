/** JSON schemas shared by the routes: fastify validates params and query strings with them. */
import { SYMBOL_PATTERN } from '../common/constants';

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

export const limitQuery = (defaultLimit: number, max: number) => ({
  type: 'object',
  properties: { limit: { type: 'integer', minimum: 1, maximum: max, default: defaultLimit } },
  additionalProperties: false,
}) as const;

/** `GET /predict/:symbol?asOf=YYYY-MM-DD`: an on-demand forecast from the bars up to that day. */
export const predictQuery = {
  type: 'object',
  properties: { asOf: { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$' } },
  additionalProperties: false,
} as const;

const nullableNumber = { type: ['number', 'null'] } as const;
const nullableString = { type: ['string', 'null'] } as const;

/** `GET /predict/:symbol` 200 body (also its serializer: fast-json-stringify). */
export const predictionSchema = {
  type: 'object',
  properties: {
    symbol: { type: 'string' },
    forecastClose: { type: 'number' },
    lastClose: nullableNumber,
    expectedChange: nullableNumber,
    direction: { type: 'string', enum: ['up', 'down', 'flat'] },
    confidence: { type: 'number' },
    modelVersion: { type: 'integer' },
    championVersion: { type: ['integer', 'null'] },
    servedByChampion: { type: 'boolean' },
    asOf: { type: 'string' },
    targetDate: nullableString,
    createdAt: { type: 'string' },
    /** true when computed for `?asOf=` rather than read from the stored forecast. */
    onDemand: { type: 'boolean' },
  },
  required: ['symbol', 'forecastClose', 'direction', 'confidence', 'modelVersion', 'asOf', 'createdAt'],
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
    db: {
      type: 'object',
      properties: { ok: { type: 'boolean' }, schemaVersion: { type: ['integer', 'null'] }, error: { type: 'string' } },
    },
    registry: {
      type: 'object',
      properties: { ok: { type: 'boolean' }, error: { type: 'string' }, championProblems: { type: 'array', items: { type: 'string' } } },
    },
  },
} as const;
