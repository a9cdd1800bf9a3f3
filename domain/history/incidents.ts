/**
 * `incidents`: what monitoring found wrong, one OPEN incident per (symbol, rule). Each run
 * reconciles its conditions in one transaction: a condition already open is updated (last
 * seen, occurrences + 1), a new one opens an incident, and an open incident inside the run's
 * scope whose condition is gone is resolved. Acknowledging is the operator's "seen it".
 */
import type { SqlDatabase } from '../sql/sql-database.js';
import { flag, insertedId, jsonObject } from './rows.js';
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
  acknowledged: number | boolean;
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

const OPEN = `SELECT * FROM incidents WHERE status = 'open'`;
const INSERT = `INSERT INTO incidents (symbol, rule, severity, status, message, advice, details, first_seen, last_seen, occurrences)
  VALUES (@symbol, @rule, @severity, 'open', @message, @advice, @details, @at, @at, 1) RETURNING id`;
const UPDATE = `UPDATE incidents SET severity = @severity, message = @message, advice = @advice, details = @details,
    last_seen = CASE WHEN last_seen > @at THEN last_seen ELSE @at END, occurrences = occurrences + 1
  WHERE id = @id AND status = 'open'`;
const RESOLVE = `UPDATE incidents SET status = 'resolved', resolved_at = @at WHERE id = @id AND status = 'open'`;
const GET = 'SELECT * FROM incidents WHERE id = ?';
const LIST = `SELECT * FROM incidents
  WHERE (CAST(@status AS TEXT) IS NULL OR status = @status) AND (@anySymbol OR symbol IS NOT DISTINCT FROM CAST(@symbol AS TEXT))
  ORDER BY last_seen DESC, id DESC LIMIT @limit`;
const ACKNOWLEDGE = 'UPDATE incidents SET acknowledged = @yes, acknowledged_at = @at WHERE id = @id AND NOT acknowledged';
const OPEN_COUNTS = `SELECT symbol, severity, COUNT(*) AS count FROM incidents WHERE status = 'open' GROUP BY symbol, severity`;

export class IncidentsTable {
  constructor(private readonly db: SqlDatabase, private readonly now: () => Date) {}

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
      const open = new Map((this.db.all(OPEN) as unknown as Row[]).map((r) => [key(r.symbol, r.rule), r]));
      const opened: number[] = [];
      const updated: number[] = [];
      const resolved: number[] = [];
      for (const r of rows) {
        const existing = open.get(key(r.symbol, r.rule));
        if (existing) {
          this.db.run(UPDATE, { ...r, at: when, id: existing.id });
          updated.push(existing.id);
        } else {
          opened.push(insertedId(this.db.get(INSERT, { ...r, at: when })));
        }
      }
      for (const [k, r] of open) {
        if (keys.has(k) || !inScope(r.symbol)) continue;
        this.db.run(RESOLVE, { id: r.id, at: when });
        resolved.push(r.id);
      }
      return { opened, updated, resolved };
    });
    const load = (list: number[]) => list.map((id) => this.get(id)!);
    return { opened: load(ids.opened), updated: load(ids.updated), resolved: load(ids.resolved) };
  }

  get(id: number): Incident | null {
    const row = this.db.get(GET, [id]) as Row | undefined;
    return row ? toIncident(row) : null;
  }

  /** The most recently seen first. */
  list(query: IncidentQuery = {}): Incident[] {
    const status = query.status === undefined || query.status === 'all' ? null : f.oneOf('status', query.status, STATUSES);
    const rows = this.db.all(LIST, {
      status,
      anySymbol: query.symbol === undefined,
      symbol: query.symbol === undefined || query.symbol === null ? null : f.symbol('symbol', query.symbol),
      limit: sqlLimit(query.limit ?? 100),
    }) as unknown as Row[];
    return rows.map(toIncident);
  }

  /** Marks an incident acknowledged (open or resolved); false when it does not exist or already was. */
  acknowledge(id: number, at?: Timestamp): boolean {
    return this.db.run(ACKNOWLEDGE, { id, yes: true, at: f.time('acknowledgedAt', at, this.now) }).changes === 1;
  }

  /** Open incidents per symbol (null = system-wide) and severity, counted by the database. */
  openCounts(): IncidentCount[] {
    return this.db.all(OPEN_COUNTS) as unknown as IncidentCount[];
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
    acknowledged: flag(r.acknowledged),
    acknowledgedAt: r.acknowledged_at,
    details: jsonObject(r.details),
  };
}
