/** `decisions`: every promotion decision (promoted or kept) with its reason and comparisons. */
import type Database from 'better-sqlite3';
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
  promoted: number;
  reason: string;
  details: string;
  workflow_id: string | null;
}

export class DecisionsTable {
  private readonly insertStmt: Database.Statement;
  private readonly historyStmt: Database.Statement;
  private readonly latestPerSymbolStmt: Database.Statement;

  constructor(db: Database.Database, private readonly now: () => Date) {
    this.insertStmt = db.prepare(
      `INSERT INTO decisions (at, symbol, challenger_version, champion_version, promoted, reason, details, workflow_id)
       VALUES (@at, @symbol, @challenger_version, @champion_version, @promoted, @reason, @details, @workflow_id)`,
    );
    this.historyStmt = db.prepare(
      `SELECT * FROM (
         SELECT * FROM decisions WHERE symbol = @symbol AND (@since IS NULL OR at >= @since)
         ORDER BY at DESC, id DESC LIMIT @limit
       ) ORDER BY at, id`,
    );
    // Set-based (GET /models, `stockflow status`): plain SQL that SQLite and PostgreSQL both accept.
    this.latestPerSymbolStmt = db.prepare(
      `SELECT id, at, symbol, challenger_version, champion_version, promoted, reason, details, workflow_id FROM (
         SELECT d.*, ROW_NUMBER() OVER (PARTITION BY symbol ORDER BY at DESC, id DESC) AS rn FROM decisions d
       ) latest WHERE rn = 1 ORDER BY symbol`,
    );
  }

  /** The newest decision of every symbol, by symbol: one statement. */
  latestPerSymbol(): DecisionRecord[] {
    return (this.latestPerSymbolStmt.all() as Row[]).map(toRecord);
  }

  add(input: DecisionInput): DecisionRecord {
    if (typeof input.promoted !== 'boolean') throw new HistoryInputError('decisions', 'promoted', input.promoted, 'a boolean');
    const row = {
      at: f.time('at', input.at, this.now),
      symbol: f.symbol('symbol', input.symbol),
      challenger_version: f.optionalInt('challengerVersion', input.challengerVersion, 1),
      champion_version: f.optionalInt('championVersion', input.championVersion, 1),
      promoted: input.promoted ? 1 : 0,
      reason: f.text('reason', input.reason),
      details: f.json('details', input.details, {}),
      workflow_id: input.workflowId ?? null,
    };
    const { lastInsertRowid } = this.insertStmt.run(row);
    return toRecord({ id: Number(lastInsertRowid), ...row });
  }

  /** Oldest first; `limit` keeps the newest. */
  history(symbol: string, query: SinceQuery = {}): DecisionRecord[] {
    const rows = this.historyStmt.all({ symbol, since: sinceParam(f, query.since), limit: sqlLimit(query.limit) }) as Row[];
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
    promoted: r.promoted === 1,
    reason: r.reason,
    details: JSON.parse(r.details) as Record<string, unknown>,
    workflowId: r.workflow_id,
  };
}
