/**
 * `retrain_attempts`: every retrain attempt of a symbol — when it started, the last bar of the
 * data it trained on, and its outcome (promoted / kept / failed). The retrain policy reads it.
 */
import type Database from 'better-sqlite3';
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

export class RetrainAttemptsTable {
  private readonly insertStmt: Database.Statement;
  private readonly byRunStmt: Database.Statement;
  private readonly finishStmt: Database.Statement;
  private readonly historyStmt: Database.Statement;
  private readonly latestPerSymbolStmt: Database.Statement;

  constructor(db: Database.Database, private readonly now: () => Date) {
    // A retried activity records the same run again: the first record stands.
    this.insertStmt = db.prepare(
      `INSERT INTO retrain_attempts (symbol, started_at, workflow_id, run_id, reason, last_bar)
       VALUES (@symbol, @started_at, @workflow_id, @run_id, @reason, @last_bar)
       ON CONFLICT (workflow_id, run_id) DO NOTHING`,
    );
    this.byRunStmt = db.prepare('SELECT * FROM retrain_attempts WHERE workflow_id = ? AND run_id = ?');
    this.finishStmt = db.prepare(
      `UPDATE retrain_attempts SET outcome = @outcome, detail = @detail, finished_at = @finished_at
       WHERE workflow_id = @workflow_id AND run_id = @run_id`,
    );
    this.historyStmt = db.prepare(
      `SELECT * FROM (
         SELECT * FROM retrain_attempts WHERE symbol = @symbol AND (@since IS NULL OR started_at >= @since)
         ORDER BY started_at DESC, id DESC LIMIT @limit
       ) ORDER BY started_at, id`,
    );
    // Set-based (GET /models, `stockflow status`): plain SQL that SQLite and PostgreSQL both accept.
    this.latestPerSymbolStmt = db.prepare(
      `SELECT id, symbol, started_at, workflow_id, run_id, reason, last_bar, outcome, detail, finished_at FROM (
         SELECT a.*, ROW_NUMBER() OVER (PARTITION BY symbol ORDER BY started_at DESC, id DESC) AS rn FROM retrain_attempts a
       ) latest WHERE rn = 1 ORDER BY symbol`,
    );
  }

  /** The newest attempt of every symbol, by symbol: one statement. */
  latestPerSymbol(): RetrainAttemptRecord[] {
    return (this.latestPerSymbolStmt.all() as Row[]).map(toRecord);
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
    this.insertStmt.run(row);
    return toRecord(this.byRunStmt.get(row.workflow_id, row.run_id) as Row);
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
    const { changes } = this.finishStmt.run(row);
    if (changes === 0) {
      throw new HistoryInputError('retrain_attempts', 'workflowId/runId', `${row.workflow_id}/${row.run_id}`, 'the ids of an attempt whose start was recorded (this one was never recorded)');
    }
    return toRecord(this.byRunStmt.get(row.workflow_id, row.run_id) as Row);
  }

  /** Oldest first; `limit` keeps the newest. */
  history(symbol: string, query: SinceQuery = {}): RetrainAttemptRecord[] {
    const rows = this.historyStmt.all({ symbol, since: sinceParam(f, query.since), limit: sqlLimit(query.limit) }) as Row[];
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
