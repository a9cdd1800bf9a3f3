/**
 * `refresh_status`: each symbol's last price refresh outcome (when, ok or the error, the last
 * cached bar), one row per symbol, so the API, the CLI and monitoring can tell fresh data from
 * stale or failing without asking Temporal.
 */
import type { SqlDatabase } from '../sql/sql-database.js';
import { flag } from './rows.js';
import { HistoryInputError } from './errors.js';
import type { RefreshStatusInput, RefreshStatusRecord } from './types.js';
import { Fields } from './values.js';

const f = new Fields('refresh_status');

interface Row {
  symbol: string;
  at: string;
  ok: number | boolean;
  error: string | null;
  last_bar: string | null;
  last_success_at: string | null;
}

// An older outcome (a late retry of an earlier attempt) never overwrites a newer one; a
// failure keeps the last known bar when it could not read one, and the last success time.
const UPSERT = `INSERT INTO refresh_status (symbol, at, ok, error, last_bar, last_success_at)
  VALUES (@symbol, @at, @ok, @error, @last_bar, CASE WHEN @ok THEN CAST(@at AS TEXT) END)
  ON CONFLICT (symbol) DO UPDATE SET
    at = excluded.at,
    ok = excluded.ok,
    error = excluded.error,
    last_bar = COALESCE(excluded.last_bar, refresh_status.last_bar),
    last_success_at = CASE WHEN excluded.ok THEN excluded.at ELSE refresh_status.last_success_at END
  WHERE excluded.at >= refresh_status.at`;
const GET = 'SELECT * FROM refresh_status WHERE symbol = ?';
const ALL = 'SELECT * FROM refresh_status ORDER BY symbol';

export class RefreshStatusTable {
  constructor(private readonly db: SqlDatabase, private readonly now: () => Date) {}

  record(input: RefreshStatusInput): RefreshStatusRecord {
    if (typeof input.ok !== 'boolean') throw new HistoryInputError('refresh_status', 'ok', input.ok, 'a boolean');
    const symbol = f.symbol('symbol', input.symbol);
    const error = input.ok ? null : f.text('error', input.error);
    if (input.ok && input.error !== undefined && input.error !== null) {
      throw new HistoryInputError('refresh_status', 'error', input.error, 'no error on a successful refresh');
    }
    this.db.run(UPSERT, {
      symbol,
      at: f.time('at', input.at, this.now),
      ok: input.ok,
      error,
      last_bar: f.optionalDay('lastBar', input.lastBar),
    });
    return this.get(symbol) as RefreshStatusRecord;
  }

  get(symbol: string): RefreshStatusRecord | null {
    const row = this.db.get(GET, [symbol]) as Row | undefined;
    return row ? toRecord(row) : null;
  }

  /** Every symbol's row, by symbol. */
  all(): RefreshStatusRecord[] {
    return (this.db.all(ALL) as unknown as Row[]).map(toRecord);
  }
}

function toRecord(r: Row): RefreshStatusRecord {
  return { symbol: r.symbol, at: r.at, ok: flag(r.ok), error: r.error, lastBar: r.last_bar, lastSuccessAt: r.last_success_at };
}
