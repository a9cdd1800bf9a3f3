/** `alerts`: threshold breaches and system problems, acknowledged by an operator. */
import type Database from 'better-sqlite3';
import type { AlertInput, AlertRecord, AlertSeverity, SinceQuery, Timestamp } from './types';
import { Fields, sinceParam, sqlLimit } from './values';

const SEVERITIES: readonly AlertSeverity[] = ['info', 'warning', 'critical'];
const f = new Fields('alerts');

interface Row {
  id: number;
  at: string;
  symbol: string | null;
  kind: string;
  severity: AlertSeverity;
  message: string;
  details: string;
  acknowledged: number;
  acknowledged_at: string | null;
}

export interface AlertCount {
  symbol: string | null;
  severity: AlertSeverity;
  count: number;
}

export interface AlertQuery extends SinceQuery {
  /** A ticker: that symbol's alerts; null: system-wide alerts only; absent: all. */
  symbol?: string | null;
  unacknowledgedOnly?: boolean;
  /** Only this severity and above. */
  minSeverity?: AlertSeverity;
  kind?: string;
}

export class AlertsTable {
  private readonly insertStmt: Database.Statement;
  private readonly ackStmt: Database.Statement;
  private readonly getStmt: Database.Statement;
  private readonly recentStmt: Database.Statement;
  private readonly countStmt: Database.Statement;

  constructor(db: Database.Database, private readonly now: () => Date) {
    this.insertStmt = db.prepare(
      `INSERT INTO alerts (at, symbol, kind, severity, message, details) VALUES (@at, @symbol, @kind, @severity, @message, @details)`,
    );
    this.ackStmt = db.prepare(`UPDATE alerts SET acknowledged = 1, acknowledged_at = @at WHERE id = @id AND acknowledged = 0`);
    this.getStmt = db.prepare(`SELECT * FROM alerts WHERE id = ?`);
    this.countStmt = db.prepare(
      `SELECT symbol, severity, COUNT(*) AS count FROM alerts
       WHERE (@since IS NULL OR at >= @since) AND (@unackOnly = 0 OR acknowledged = 0)
       GROUP BY symbol, severity`,
    );
    this.recentStmt = db.prepare(
      `SELECT * FROM alerts
       WHERE (@since IS NULL OR at >= @since)
         AND (@anySymbol = 1 OR symbol IS @symbol)
         AND (@unackOnly = 0 OR acknowledged = 0)
         AND (CASE severity WHEN 'info' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END) >= @minRank
         AND (@kind IS NULL OR kind = @kind)
       ORDER BY at DESC, id DESC LIMIT @limit`,
    );
  }

  add(input: AlertInput): AlertRecord {
    const row = {
      at: f.time('at', input.at, this.now),
      symbol: input.symbol === undefined || input.symbol === null ? null : f.symbol('symbol', input.symbol),
      kind: f.text('kind', input.kind),
      severity: f.oneOf('severity', input.severity, SEVERITIES),
      message: f.text('message', input.message),
      details: f.json('details', input.details, {}),
    };
    const { lastInsertRowid } = this.insertStmt.run(row);
    return this.get(Number(lastInsertRowid))!;
  }

  get(id: number): AlertRecord | null {
    const row = this.getStmt.get(id) as Row | undefined;
    return row ? toRecord(row) : null;
  }

  /** Marks an alert acknowledged; false when it does not exist or already was. */
  acknowledge(id: number, at?: Timestamp): boolean {
    return this.ackStmt.run({ id, at: f.time('acknowledgedAt', at, this.now) }).changes === 1;
  }

  /** Newest first; default limit 100. */
  /** Alert counts per symbol (null = system-wide) and severity, counted by SQLite. */
  counts(query: { since?: Timestamp; unacknowledgedOnly?: boolean } = {}): AlertCount[] {
    return this.countStmt.all({ since: sinceParam(f, query.since), unackOnly: query.unacknowledgedOnly ? 1 : 0 }) as AlertCount[];
  }

  recent(query: AlertQuery = {}): AlertRecord[] {
    const rows = this.recentStmt.all({
      since: sinceParam(f, query.since),
      anySymbol: query.symbol === undefined ? 1 : 0,
      symbol: query.symbol ?? null,
      unackOnly: query.unacknowledgedOnly ? 1 : 0,
      minRank: SEVERITIES.indexOf(query.minSeverity === undefined ? 'info' : f.oneOf('minSeverity', query.minSeverity, SEVERITIES)),
      kind: query.kind ?? null,
      limit: sqlLimit(query.limit ?? 100),
    }) as Row[];
    return rows.map(toRecord);
  }
}

function toRecord(r: Row): AlertRecord {
  return {
    id: r.id,
    at: r.at,
    symbol: r.symbol,
    kind: r.kind,
    severity: r.severity,
    message: r.message,
    details: JSON.parse(r.details) as Record<string, unknown>,
    acknowledged: r.acknowledged === 1,
    acknowledgedAt: r.acknowledged_at,
  };
}
