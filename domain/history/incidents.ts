/**
 * `incidents`: what monitoring found wrong, one OPEN incident per (symbol, rule). Each run
 * reconciles its conditions in one transaction: a condition already open is updated (last
 * seen, occurrences + 1), a new one opens an incident, and an open incident inside the run's
 * scope whose condition is gone is resolved. Acknowledging is the operator's "seen it".
 */
import type Database from 'better-sqlite3';
import type { Incident, IncidentCondition, IncidentSeverity } from '../../common/wire/index.js';
import { HistoryInputError } from './errors.js';
import type { Timestamp } from './types.js';
import { Fields, sqlLimit } from './values.js';

const SEVERITIES: readonly IncidentSeverity[] = ['info', 'warning', 'critical'];
const STATUSES: readonly Incident['status'][] = ['open', 'resolved'];
const f = new Fields('incidents');

interface Row {
  id: number;
  symbol: string | null;
  rule: string;
  severity: IncidentSeverity;
  status: Incident['status'];
  message: string;
  advice: string;
  details: string;
  first_seen: string;
  last_seen: string;
  occurrences: number;
  resolved_at: string | null;
  acknowledged: number;
  acknowledged_at: string | null;
}

/** What one monitoring run checked: open incidents in it whose condition is absent are resolved. */
export interface IncidentScope {
  symbols: string[];
  /** The run checked the system-wide conditions (incidents with symbol null). */
  system: boolean;
}

export interface IncidentReconciliation {
  opened: Incident[];
  updated: Incident[];
  resolved: Incident[];
}

export interface IncidentQuery {
  /** Default: both. */
  status?: Incident['status'] | 'all';
  /** A ticker: that symbol's incidents; null: system-wide only; absent: all. */
  symbol?: string | null;
  /** Default 100, the most recently seen. */
  limit?: number;
}

export interface IncidentCount {
  symbol: string | null;
  severity: IncidentSeverity;
  count: number;
}

interface ConditionRow {
  symbol: string | null;
  rule: string;
  severity: IncidentSeverity;
  message: string;
  advice: string;
  details: string;
}

export class IncidentsTable {
  private readonly openStmt: Database.Statement;
  private readonly insertStmt: Database.Statement;
  private readonly updateStmt: Database.Statement;
  private readonly resolveStmt: Database.Statement;
  private readonly getStmt: Database.Statement;
  private readonly listStmt: Database.Statement;
  private readonly ackStmt: Database.Statement;
  private readonly countStmt: Database.Statement;

  constructor(private readonly db: Database.Database, private readonly now: () => Date) {
    this.openStmt = db.prepare(`SELECT * FROM incidents WHERE status = 'open'`);
    this.insertStmt = db.prepare(
      `INSERT INTO incidents (symbol, rule, severity, status, message, advice, details, first_seen, last_seen, occurrences)
       VALUES (@symbol, @rule, @severity, 'open', @message, @advice, @details, @at, @at, 1)`,
    );
    this.updateStmt = db.prepare(
      `UPDATE incidents SET severity = @severity, message = @message, advice = @advice, details = @details,
         last_seen = max(last_seen, @at), occurrences = occurrences + 1
       WHERE id = @id AND status = 'open'`,
    );
    this.resolveStmt = db.prepare(`UPDATE incidents SET status = 'resolved', resolved_at = @at WHERE id = @id AND status = 'open'`);
    this.getStmt = db.prepare(`SELECT * FROM incidents WHERE id = ?`);
    this.listStmt = db.prepare(
      `SELECT * FROM incidents
       WHERE (@status IS NULL OR status = @status) AND (@anySymbol = 1 OR symbol IS @symbol)
       ORDER BY last_seen DESC, id DESC LIMIT @limit`,
    );
    this.ackStmt = db.prepare(`UPDATE incidents SET acknowledged = 1, acknowledged_at = @at WHERE id = @id AND acknowledged = 0`);
    this.countStmt = db.prepare(`SELECT symbol, severity, COUNT(*) AS count FROM incidents WHERE status = 'open' GROUP BY symbol, severity`);
  }

  /** Applies one run's conditions in one transaction (all of it lands, or none). */
  reconcile(at: Timestamp | undefined, conditions: readonly IncidentCondition[], scope: IncidentScope): IncidentReconciliation {
    const when = f.time('at', at, this.now);
    const { symbols, system } = checkScope(scope);
    const inScope = (symbol: string | null) => (symbol === null ? system : symbols.has(symbol));
    if (!Array.isArray(conditions)) throw new HistoryInputError('incidents', 'conditions', conditions, 'an array of conditions');
    const rows = conditions.map((c, i) => toConditionRow(c, i));
    const keys = new Set<string>();
    rows.forEach((r, i) => {
      const k = key(r.symbol, r.rule);
      if (keys.has(k)) throw new HistoryInputError('incidents', `conditions[${i}]`, { symbol: r.symbol, rule: r.rule }, 'one condition per (symbol, rule) in a run');
      keys.add(k);
      if (!inScope(r.symbol)) {
        throw new HistoryInputError('incidents', `conditions[${i}].symbol`, r.symbol, r.symbol === null ? 'a symbol (the scope leaves out the system)' : 'a symbol inside the scope');
      }
    });

    const ids = this.db.transaction(() => {
      const open = new Map((this.openStmt.all() as Row[]).map((r) => [key(r.symbol, r.rule), r]));
      const opened: number[] = [];
      const updated: number[] = [];
      const resolved: number[] = [];
      for (const r of rows) {
        const existing = open.get(key(r.symbol, r.rule));
        if (existing) {
          this.updateStmt.run({ ...r, at: when, id: existing.id });
          updated.push(existing.id);
        } else {
          opened.push(Number(this.insertStmt.run({ ...r, at: when }).lastInsertRowid));
        }
      }
      for (const [k, r] of open) {
        if (keys.has(k) || !inScope(r.symbol)) continue;
        this.resolveStmt.run({ id: r.id, at: when });
        resolved.push(r.id);
      }
      return { opened, updated, resolved };
    }).immediate();
    const load = (list: number[]) => list.map((id) => this.get(id)!);
    return { opened: load(ids.opened), updated: load(ids.updated), resolved: load(ids.resolved) };
  }

  get(id: number): Incident | null {
    const row = this.getStmt.get(id) as Row | undefined;
    return row ? toIncident(row) : null;
  }

  /** The most recently seen first. */
  list(query: IncidentQuery = {}): Incident[] {
    const status = query.status === undefined || query.status === 'all' ? null : f.oneOf('status', query.status, STATUSES);
    const rows = this.listStmt.all({
      status,
      anySymbol: query.symbol === undefined ? 1 : 0,
      symbol: query.symbol === undefined || query.symbol === null ? null : f.symbol('symbol', query.symbol),
      limit: sqlLimit(query.limit ?? 100),
    }) as Row[];
    return rows.map(toIncident);
  }

  /** Marks an incident acknowledged (open or resolved); false when it does not exist or already was. */
  acknowledge(id: number, at?: Timestamp): boolean {
    return this.ackStmt.run({ id, at: f.time('acknowledgedAt', at, this.now) }).changes === 1;
  }

  /** Open incidents per symbol (null = system-wide) and severity, counted by SQLite. */
  openCounts(): IncidentCount[] {
    return this.countStmt.all() as IncidentCount[];
  }
}

function key(symbol: string | null, rule: string): string {
  return `${symbol ?? ''}\u0000${rule}`;
}

function checkScope(scope: IncidentScope): { symbols: Set<string>; system: boolean } {
  if (typeof scope !== 'object' || scope === null || !Array.isArray(scope.symbols)) {
    throw new HistoryInputError('incidents', 'scope', scope, '{ symbols: string[], system: boolean }');
  }
  if (typeof scope.system !== 'boolean') throw new HistoryInputError('incidents', 'scope.system', scope.system, 'a boolean');
  return { symbols: new Set(scope.symbols.map((s, i) => f.symbol(`scope.symbols[${i}]`, s))), system: scope.system };
}

function toConditionRow(c: IncidentCondition, i: number): ConditionRow {
  if (typeof c !== 'object' || c === null) throw new HistoryInputError('incidents', `conditions[${i}]`, c, 'a condition object');
  const at = (field: string) => `conditions[${i}].${field}`;
  if (c.details !== undefined && (typeof c.details !== 'object' || c.details === null || Array.isArray(c.details))) {
    throw new HistoryInputError('incidents', at('details'), c.details, 'an object');
  }
  return {
    symbol: c.symbol === null ? null : f.symbol(at('symbol'), c.symbol),
    rule: f.text(at('rule'), c.rule),
    severity: f.oneOf(at('severity'), c.severity, SEVERITIES),
    message: f.text(at('message'), c.message),
    advice: f.text(at('advice'), c.advice),
    details: f.json(at('details'), c.details, {}),
  };
}

function toIncident(r: Row): Incident {
  return {
    id: r.id,
    symbol: r.symbol,
    rule: r.rule,
    severity: r.severity,
    status: r.status,
    message: r.message,
    advice: r.advice,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    occurrences: r.occurrences,
    resolvedAt: r.resolved_at,
    acknowledged: r.acknowledged === 1,
    acknowledgedAt: r.acknowledged_at,
    details: JSON.parse(r.details) as Record<string, unknown>,
  };
}
