/**
 * `refresh_status`: each symbol's last price refresh outcome (when, ok or the error, the last
 * cached bar), one row per symbol, so the API, the CLI and monitoring can tell fresh data from
 * stale or failing without asking Temporal.
 */
import type Database from 'better-sqlite3';
import { HistoryInputError } from './errors.js';
import type { RefreshStatusInput, RefreshStatusRecord } from './types.js';
import { Fields } from './values.js';

const f = new Fields('refresh_status');

interface Row {
  symbol: string;
  at: string;
  ok: number;
  error: string | null;
  last_bar: string | null;
  last_success_at: string | null;
}

export class RefreshStatusTable {
  private readonly upsertStmt: Database.Statement;
  private readonly getStmt: Database.Statement;
  private readonly allStmt: Database.Statement;

  constructor(db: Database.Database, private readonly now: () => Date) {
    // An older outcome (a late retry of an earlier attempt) never overwrites a newer one; a
    // failure keeps the last known bar when it could not read one, and the last success time.
    this.upsertStmt = db.prepare(
      `INSERT INTO refresh_status (symbol, at, ok, error, last_bar, last_success_at)
       VALUES (@symbol, @at, @ok, @error, @last_bar, CASE WHEN @ok = 1 THEN @at END)
       ON CONFLICT (symbol) DO UPDATE SET
         at = excluded.at,
         ok = excluded.ok,
         error = excluded.error,
         last_bar = COALESCE(excluded.last_bar, refresh_status.last_bar),
         last_success_at = CASE WHEN excluded.ok = 1 THEN excluded.at ELSE refresh_status.last_success_at END
       WHERE excluded.at >= refresh_status.at`,
    );
    this.getStmt = db.prepare('SELECT * FROM refresh_status WHERE symbol = ?');
    this.allStmt = db.prepare('SELECT * FROM refresh_status ORDER BY symbol');
  }

  record(input: RefreshStatusInput): RefreshStatusRecord {
    if (typeof input.ok !== 'boolean') throw new HistoryInputError('refresh_status', 'ok', input.ok, 'a boolean');
    const symbol = f.symbol('symbol', input.symbol);
    const error = input.ok ? null : f.text('error', input.error);
    if (input.ok && input.error !== undefined && input.error !== null) {
      throw new HistoryInputError('refresh_status', 'error', input.error, 'no error on a successful refresh');
    }
    this.upsertStmt.run({
      symbol,
      at: f.time('at', input.at, this.now),
      ok: input.ok ? 1 : 0,
      error,
      last_bar: f.optionalDay('lastBar', input.lastBar),
    });
    return this.get(symbol) as RefreshStatusRecord;
  }

  get(symbol: string): RefreshStatusRecord | null {
    const row = this.getStmt.get(symbol) as Row | undefined;
    return row ? toRecord(row) : null;
  }

  /** Every symbol's row, by symbol. */
  all(): RefreshStatusRecord[] {
    return (this.allStmt.all() as Row[]).map(toRecord);
  }
}

function toRecord(r: Row): RefreshStatusRecord {
  return { symbol: r.symbol, at: r.at, ok: r.ok === 1, error: r.error, lastBar: r.last_bar, lastSuccessAt: r.last_success_at };
}
