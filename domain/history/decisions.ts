/** `decisions`: every promotion decision (promoted or kept) with its reason and comparisons. */
import type { SqlDatabase } from '../sql/sql-database.js';
import { flag, insertedId, jsonObject } from './rows.js';
import { HistoryInputError } from './errors.js';
import type { DecisionInput, DecisionRecord, SinceQuery } from './types.js';
import { Fields, sinceParam, sqlLimit } from './values.js';

const f = new Fields('decisions');

interface Row {
  id: number;
  at: string;
  symbol: string;
  challenger_version: number | null;
  champion_version: number | null;
  promoted: number | boolean;
  reason: string;
  details: string;
  workflow_id: string | null;
}

const INSERT = `INSERT INTO decisions (at, symbol, challenger_version, champion_version, promoted, reason, details, workflow_id)
  VALUES (@at, @symbol, @challenger_version, @champion_version, @promoted, @reason, @details, @workflow_id) RETURNING id`;
const HISTORY = `SELECT * FROM (
    SELECT * FROM decisions WHERE symbol = @symbol AND (CAST(@since AS TEXT) IS NULL OR at >= @since)
    ORDER BY at DESC, id DESC LIMIT @limit
  ) AS recent ORDER BY at, id`;

// Set-based (GET /models, `stockflow status`): one statement for every symbol.
const LATEST_PER_SYMBOL = `SELECT id, at, symbol, challenger_version, champion_version, promoted, reason, details, workflow_id FROM (
    SELECT d.*, ROW_NUMBER() OVER (PARTITION BY symbol ORDER BY at DESC, id DESC) AS rn FROM decisions d
  ) latest WHERE rn = 1 ORDER BY symbol`;

export class DecisionsTable {
  constructor(private readonly db: SqlDatabase, private readonly now: () => Date) {}

  /** The newest decision of every symbol, by symbol: one statement. */
  latestPerSymbol(): DecisionRecord[] {
    return (this.db.all(LATEST_PER_SYMBOL) as unknown as Row[]).map(toRecord);
  }

  add(input: DecisionInput): DecisionRecord {
    if (typeof input.promoted !== 'boolean') throw new HistoryInputError('decisions', 'promoted', input.promoted, 'a boolean');
    const row = {
      at: f.time('at', input.at, this.now),
      symbol: f.symbol('symbol', input.symbol),
      challenger_version: f.optionalInt('challengerVersion', input.challengerVersion, 1),
      champion_version: f.optionalInt('championVersion', input.championVersion, 1),
      promoted: input.promoted,
      reason: f.text('reason', input.reason),
      details: f.json('details', input.details, {}),
      workflow_id: input.workflowId ?? null,
    };
    return toRecord({ id: insertedId(this.db.get(INSERT, row)), ...row });
  }

  /** Oldest first; `limit` keeps the newest. */
  history(symbol: string, query: SinceQuery = {}): DecisionRecord[] {
    const rows = this.db.all(HISTORY, { symbol, since: sinceParam(f, query.since), limit: sqlLimit(query.limit) }) as unknown as Row[];
    return rows.map(toRecord);
  }
}

function toRecord(r: Row): DecisionRecord {
  return {
    id: r.id,
    at: r.at,
    symbol: r.symbol,
    challengerVersion: r.challenger_version,
    championVersion: r.champion_version,
    promoted: flag(r.promoted),
    reason: r.reason,
    details: jsonObject(r.details),
    workflowId: r.workflow_id,
  };
}
