/** `live_scores`: the champion's forecasts scored against closes that arrived later. */
import type { SqlDatabase } from '../sql/sql-database.js';
import { insertedId, jsonObject } from './rows.js';
import type { LiveScoreInput, LiveScoreRecord, SinceQuery } from './types.js';
import { Fields, sinceParam, sqlLimit } from './values.js';

const f = new Fields('live_scores');
const UNIT: [number, number] = [0, 1];

interface Row {
  id: number;
  symbol: string;
  version: number;
  scored_at: string;
  from_day: string;
  to_day: string;
  n: number;
  direction_accuracy: number | null;
  mape: number | null;
  mean_confidence: number | null;
  details: string;
}

export interface LiveScoreQuery extends SinceQuery {
  version?: number;
}

const INSERT = `INSERT INTO live_scores (symbol, version, scored_at, from_day, to_day, n, direction_accuracy, mape, mean_confidence, details)
  VALUES (@symbol, @version, @scored_at, @from_day, @to_day, @n, @direction_accuracy, @mape, @mean_confidence, @details) RETURNING id`;
const HISTORY = `SELECT * FROM (
    SELECT * FROM live_scores
    WHERE symbol = @symbol
      AND (CAST(@since AS TEXT) IS NULL OR scored_at >= @since)
      AND (CAST(@version AS INTEGER) IS NULL OR version = @version)
    ORDER BY scored_at DESC, id DESC LIMIT @limit
  ) AS recent ORDER BY scored_at, id`;

export class LiveScoresTable {
  constructor(private readonly db: SqlDatabase, private readonly now: () => Date) {}

  add(input: LiveScoreInput): LiveScoreRecord {
    const row = {
      symbol: f.symbol('symbol', input.symbol),
      version: f.int('version', input.version, 1),
      scored_at: f.time('scoredAt', input.scoredAt, this.now),
      from_day: f.day('from', input.from),
      to_day: f.day('to', input.to),
      n: f.int('n', input.n, 0),
      direction_accuracy: f.optionalFinite('directionAccuracy', input.directionAccuracy, UNIT),
      mape: f.optionalFinite('mape', input.mape, [0, Number.MAX_VALUE]),
      mean_confidence: f.optionalFinite('meanConfidence', input.meanConfidence, UNIT),
      details: f.json('details', input.details, {}),
    };
    return toRecord({ id: insertedId(this.db.get(INSERT, row)), ...row });
  }

  history(symbol: string, query: LiveScoreQuery = {}): LiveScoreRecord[] {
    const rows = this.db.all(HISTORY, {
      symbol,
      since: sinceParam(f, query.since),
      version: query.version ?? null,
      limit: sqlLimit(query.limit),
    }) as unknown as Row[];
    return rows.map(toRecord);
  }
}

function toRecord(r: Row): LiveScoreRecord {
  return {
    id: r.id,
    symbol: r.symbol,
    version: r.version,
    scoredAt: r.scored_at,
    from: r.from_day,
    to: r.to_day,
    n: r.n,
    directionAccuracy: r.direction_accuracy,
    mape: r.mape,
    meanConfidence: r.mean_confidence,
    details: jsonObject(r.details),
  };
}
