/** `live_scores`: the champion's forecasts scored against closes that arrived later. */
import type { SqlDatabase } from '../sql/sql-database.js';
import { insertedId, jsonObject } from './rows.js';
import type { LiveScoreInput, LiveScoreRecord, SinceQuery } from './types.js';
import { Fields, sinceParam, sqlLimit } from './values.js';

const f = new Fields('live_scores');
const UNIT: [number, number] = [0, 1];
const COLUMNS = 'id, symbol, version, scored_at, from_day, to_day, n, direction_accuracy, mape, mean_confidence, details';
const MAX_PAIRS = 400;

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

// Set-based (GET /models, `stockflow status`): one statement for every symbol.
const LATEST_PER_SYMBOL = `SELECT ${COLUMNS} FROM (
    SELECT s.*, ROW_NUMBER() OVER (PARTITION BY symbol ORDER BY scored_at DESC, id DESC) AS rn FROM live_scores s
  ) latest WHERE rn = 1 ORDER BY symbol`;

/** The newest score of each of `pairs` (symbol, version) row values; typed casts, as PostgreSQL cannot infer a VALUES list's types. */
function latestOfVersionsSql(pairs: number): string {
  const wanted = Array.from({ length: pairs }, () => '(CAST(? AS TEXT), CAST(? AS INTEGER))').join(', ');
  return `SELECT ${COLUMNS} FROM (
      SELECT s.*, ROW_NUMBER() OVER (PARTITION BY symbol ORDER BY scored_at DESC, id DESC) AS rn FROM live_scores s
      WHERE (symbol, version) IN (VALUES ${wanted})
    ) latest WHERE rn = 1`;
}

export class LiveScoresTable {
  constructor(private readonly db: SqlDatabase, private readonly now: () => Date) {}

  /** The newest live score of every symbol (of any version), by symbol: one statement. */
  latestPerSymbol(): LiveScoreRecord[] {
    return (this.db.all(LATEST_PER_SYMBOL) as unknown as Row[]).map(toRecord);
  }

  /**
   * The newest live score of each given version (e.g. every symbol's champion), by symbol: one
   * statement with a (symbol, version) row value per version asked for. A version without live
   * scores has no row.
   */
  latestOfVersions(versions: ReadonlyArray<{ symbol: string; version: number }>): LiveScoreRecord[] {
    const out: LiveScoreRecord[] = [];
    // At most 400 pairs (800 placeholders) per statement, well inside both engines' limits.
    for (let i = 0; i < versions.length; i += MAX_PAIRS) {
      const chunk = versions.slice(i, i + MAX_PAIRS);
      const params = chunk.flatMap((v) => [f.symbol('symbol', v.symbol), f.int('version', v.version, 1)]);
      out.push(...(this.db.all(latestOfVersionsSql(chunk.length), params) as unknown as Row[]).map(toRecord));
    }
    return out.sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  }

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
