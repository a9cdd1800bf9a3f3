/**
 * `predictions`: stored next-session forecasts. Every forecast is kept (forecast-vs-actual
 * charts); the API serves the latest per symbol through one indexed lookup.
 */
import type { SqlDatabase } from '../sql/sql-database.js';
import { insertedId, jsonObject } from './rows.js';
import type { Direction, PredictionInput, PredictionRecord, SinceQuery } from './types.js';
import { Fields, sinceParam, sqlLimit } from './values.js';

const DIRECTIONS: readonly Direction[] = ['up', 'down', 'none', 'flat'];
const f = new Fields('predictions');

interface Row {
  id: number;
  symbol: string;
  as_of: string;
  target_date: string | null;
  forecast_close: number;
  last_close: number | null;
  direction: Direction;
  confidence: number;
  model_version: number;
  created_at: string;
  details: string;
  p80_low: number | null;
  p80_high: number | null;
  p95_low: number | null;
  p95_high: number | null;
}

/** "Latest" = newest data date, then newest forecast made on it. */
const LATEST_ORDER = 'as_of DESC, created_at DESC, id DESC';

const INSERT = `INSERT INTO predictions (symbol, as_of, target_date, forecast_close, last_close, direction, confidence, model_version, created_at, details, p80_low, p80_high, p95_low, p95_high)
  VALUES (@symbol, @as_of, @target_date, @forecast_close, @last_close, @direction, @confidence, @model_version, @created_at, @details, @p80_low, @p80_high, @p95_low, @p95_high) RETURNING id`;
const LATEST = `SELECT * FROM predictions WHERE symbol = ? ORDER BY ${LATEST_ORDER} LIMIT 1`;
const LATEST_ALL = `SELECT p.* FROM predictions p
  WHERE p.id = (SELECT q.id FROM predictions q WHERE q.symbol = p.symbol ORDER BY q.as_of DESC, q.created_at DESC, q.id DESC LIMIT 1)
  ORDER BY p.symbol`;
const HISTORY = `SELECT * FROM (
    SELECT * FROM predictions
    WHERE symbol = @symbol AND (CAST(@since AS TEXT) IS NULL OR created_at >= @since)
    ORDER BY ${LATEST_ORDER} LIMIT @limit
  ) AS recent ORDER BY as_of, created_at, id`;

export class PredictionsTable {
  constructor(private readonly db: SqlDatabase, private readonly now: () => Date) {}

  add(input: PredictionInput): PredictionRecord {
    const row = {
      symbol: f.symbol('symbol', input.symbol),
      as_of: f.day('asOf', input.asOf),
      target_date: f.optionalDay('targetDate', input.targetDate),
      forecast_close: f.finite('forecastClose', input.forecastClose, [Number.MIN_VALUE, Number.MAX_VALUE]),
      last_close: f.optionalFinite('lastClose', input.lastClose, [Number.MIN_VALUE, Number.MAX_VALUE]),
      direction: f.oneOf('direction', input.direction, DIRECTIONS),
      confidence: f.finite('confidence', input.confidence, [0, 1]),
      model_version: f.int('modelVersion', input.modelVersion, 1),
      created_at: f.time('createdAt', input.createdAt, this.now),
      details: f.json('details', input.details, {}),
      ...intervalColumns(input),
    };
    return toRecord({ id: insertedId(this.db.get(INSERT, row)), ...row });
  }

  latest(symbol: string): PredictionRecord | null {
    const row = this.db.get(LATEST, [symbol]) as Row | undefined;
    return row ? toRecord(row) : null;
  }

  /** Latest prediction of every symbol, by symbol. */
  latestAll(): PredictionRecord[] {
    return (this.db.all(LATEST_ALL) as unknown as Row[]).map(toRecord);
  }

  /** Forecasts made since a time (by createdAt), oldest first; `limit` keeps the newest. */
  history(symbol: string, query: SinceQuery = {}): PredictionRecord[] {
    const rows = this.db.all(HISTORY, { symbol, since: sinceParam(f, query.since), limit: sqlLimit(query.limit) }) as unknown as Row[];
    return rows.map(toRecord);
  }
}

const POSITIVE: [number, number] = [Number.MIN_VALUE, Number.MAX_VALUE];

/** The interval columns, checked: both levels or none, each low < forecastClose < high, the 95% around the 80%. */
function intervalColumns(input: PredictionInput): Pick<Row, 'p80_low' | 'p80_high' | 'p95_low' | 'p95_high'> {
  const i = input.intervals;
  if (i === undefined || i === null) return { p80_low: null, p80_high: null, p95_low: null, p95_high: null };
  const cols = {
    p80_low: f.finite('intervals.p80.low', i.p80?.low, POSITIVE),
    p80_high: f.finite('intervals.p80.high', i.p80?.high, POSITIVE),
    p95_low: f.finite('intervals.p95.low', i.p95?.low, POSITIVE),
    p95_high: f.finite('intervals.p95.high', i.p95?.high, POSITIVE),
  };
  const c = input.forecastClose;
  if (!(cols.p95_low <= cols.p80_low && cols.p80_low < c && c < cols.p80_high && cols.p80_high <= cols.p95_high)) {
    throw new RangeError(`predictions: intervals must nest around forecastClose ${c} (p95.low ≤ p80.low < forecastClose < p80.high ≤ p95.high), got ${JSON.stringify(i)}`);
  }
  return cols;
}

function toRecord(r: Row): PredictionRecord {
  return {
    id: r.id,
    symbol: r.symbol,
    asOf: r.as_of,
    targetDate: r.target_date,
    forecastClose: r.forecast_close,
    lastClose: r.last_close,
    direction: r.direction,
    confidence: r.confidence,
    modelVersion: r.model_version,
    createdAt: r.created_at,
    intervals: r.p80_low === null || r.p80_high === null || r.p95_low === null || r.p95_high === null
      ? null
      : { p80: { low: r.p80_low, high: r.p80_high }, p95: { low: r.p95_low, high: r.p95_high } },
    details: jsonObject(r.details),
  };
}
