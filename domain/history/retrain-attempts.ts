/**
 * `retrain_attempts`: every retrain attempt of a symbol — when it started, the last bar of the
 * data it trained on, and its outcome (promoted / kept / failed). The retrain policy reads it.
 */
import type { SqlDatabase } from '../sql/sql-database.js';
import { HistoryInputError } from './errors.js';
import type { RetrainAttemptFinish, RetrainAttemptRecord, RetrainAttemptStart, RetrainOutcome, SinceQuery } from './types.js';
import { Fields, sinceParam, sqlLimit } from './values.js';

const f = new Fields('retrain_attempts');
const OUTCOMES: readonly Exclude<RetrainOutcome, 'started'>[] = ['promoted', 'kept', 'failed'];

interface Row {
  id: number;
  symbol: string;
  started_at: string;
  workflow_id: string;
  run_id: string;
  reason: string;
  last_bar: string | null;
  outcome: RetrainOutcome;
  detail: string | null;
  finished_at: string | null;
}

// A retried activity records the same run again: the first record stands.
const INSERT = `INSERT INTO retrain_attempts (symbol, started_at, workflow_id, run_id, reason, last_bar)
  VALUES (@symbol, @started_at, @workflow_id, @run_id, @reason, @last_bar)
  ON CONFLICT (workflow_id, run_id) DO NOTHING`;
const BY_RUN = 'SELECT * FROM retrain_attempts WHERE workflow_id = ? AND run_id = ?';
const FINISH = `UPDATE retrain_attempts SET outcome = @outcome, detail = @detail, finished_at = @finished_at
  WHERE workflow_id = @workflow_id AND run_id = @run_id`;
const HISTORY = `SELECT * FROM (
    SELECT * FROM retrain_attempts WHERE symbol = @symbol AND (CAST(@since AS TEXT) IS NULL OR started_at >= @since)
    ORDER BY started_at DESC, id DESC LIMIT @limit
  ) AS recent ORDER BY started_at, id`;

// Set-based (GET /models, `stockflow status`): one statement for every symbol.
const LATEST_PER_SYMBOL = `SELECT id, symbol, started_at, workflow_id, run_id, reason, last_bar, outcome, detail, finished_at FROM (
    SELECT a.*, ROW_NUMBER() OVER (PARTITION BY symbol ORDER BY started_at DESC, id DESC) AS rn FROM retrain_attempts a
  ) latest WHERE rn = 1 ORDER BY symbol`;

export class RetrainAttemptsTable {
  constructor(private readonly db: SqlDatabase, private readonly now: () => Date) {}

  /** The newest attempt of every symbol, by symbol: one statement. */
  latestPerSymbol(): RetrainAttemptRecord[] {
    return (this.db.all(LATEST_PER_SYMBOL) as unknown as Row[]).map(toRecord);
  }

  start(input: RetrainAttemptStart): RetrainAttemptRecord {
    const row = {
      symbol: f.symbol('symbol', input.symbol),
      started_at: f.time('startedAt', input.startedAt, this.now),
      workflow_id: f.text('workflowId', input.workflowId),
      run_id: f.text('runId', input.runId),
      reason: f.text('reason', input.reason),
      last_bar: f.optionalDay('lastBar', input.lastBar),
    };
    this.db.run(INSERT, row);
    return toRecord(this.db.get(BY_RUN, [row.workflow_id, row.run_id]) as unknown as Row);
  }

  /** Sets the outcome of a recorded attempt; a later outcome replaces an earlier one (failed after kept). */
  finish(input: RetrainAttemptFinish): RetrainAttemptRecord {
    const row = {
      workflow_id: f.text('workflowId', input.workflowId),
      run_id: f.text('runId', input.runId),
      outcome: f.oneOf('outcome', input.outcome, OUTCOMES),
      detail: f.text('detail', input.detail),
      finished_at: f.time('finishedAt', input.finishedAt, this.now),
    };
    const { changes } = this.db.run(FINISH, row);
    if (changes === 0) {
      throw new HistoryInputError('retrain_attempts', 'workflowId/runId', `${row.workflow_id}/${row.run_id}`, 'the ids of an attempt whose start was recorded (this one was never recorded)');
    }
    return toRecord(this.db.get(BY_RUN, [row.workflow_id, row.run_id]) as unknown as Row);
  }

  /** Oldest first; `limit` keeps the newest. */
  history(symbol: string, query: SinceQuery = {}): RetrainAttemptRecord[] {
    const rows = this.db.all(HISTORY, { symbol, since: sinceParam(f, query.since), limit: sqlLimit(query.limit) }) as unknown as Row[];
    return rows.map(toRecord);
  }
}

function toRecord(r: Row): RetrainAttemptRecord {
  return {
    id: r.id,
    symbol: r.symbol,
    startedAt: r.started_at,
    workflowId: r.workflow_id,
    runId: r.run_id,
    reason: r.reason,
    lastBar: r.last_bar,
    outcome: r.outcome,
    detail: r.detail,
    finishedAt: r.finished_at,
  };
}
