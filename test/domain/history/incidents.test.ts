/** The incidents table: one open incident per (symbol, rule), reconciled per run in one transaction. */
import { describe, expect, it } from 'vitest';
import type { IncidentCondition } from '../../../common/wire/index.js';
import { HistoryInputError } from '../../../domain/history/index.js';
import { HISTORY_ENGINES } from './engines.js';

/** A trigger that makes every resolve fail inside the database, in each engine's dialect. */
const REFUSE_RESOLVE = {
  sqlite: `CREATE TRIGGER refuse_resolve BEFORE UPDATE OF status ON incidents WHEN NEW.status = 'resolved'
           BEGIN SELECT RAISE(ABORT, 'resolve refused by the test'); END;`,
  postgres: `CREATE FUNCTION refuse_resolve() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN RAISE EXCEPTION 'resolve refused by the test'; END $$;
           CREATE TRIGGER refuse_resolve BEFORE UPDATE OF status ON incidents
             FOR EACH ROW WHEN (NEW.status = 'resolved') EXECUTE FUNCTION refuse_resolve();`,
};

const day = (n: number) => `2025-01-${String(n).padStart(2, '0')}T11:00:00.000Z`;
const api = (symbol: string, message = `${symbol}: GET /predict answered 500`): IncidentCondition => ({
  symbol, rule: 'api', severity: 'warning', message, advice: 'check the API process log', details: { status: 500 },
});
const scope = (...symbols: string[]) => ({ symbols, system: true });

describe.each(HISTORY_ENGINES)('HistoryStore incidents on %s', (name, engine) => {
  const open = () => ({ store: engine.fresh({ now: () => new Date('2025-03-03T12:00:00.000Z') }) });

  it('keeps one open incident per (symbol, rule): open → seen 5 times → resolved → a new incident when it comes back', () => {
    const { store } = open();
    const first = store.reconcileIncidents(day(6), [api('SPY')], scope('SPY'));
    expect(first.opened).toHaveLength(1);
    expect(first.updated).toEqual([]);
    expect(first.resolved).toEqual([]);
    const id = first.opened[0]?.id;
    expect(first.opened[0]).toMatchObject({
      symbol: 'SPY', rule: 'api', status: 'open', severity: 'warning', occurrences: 1, firstSeen: day(6), lastSeen: day(6),
      resolvedAt: null, acknowledged: false, advice: 'check the API process log', details: { status: 500 },
    });

    for (let run = 7; run <= 10; run++) {
      const r = store.reconcileIncidents(day(run), [{ ...api('SPY', `SPY: 500 on run ${run}`), severity: run === 10 ? 'critical' : 'warning', details: { run } }], scope('SPY'));
      expect(r.opened).toEqual([]);
      expect(r.updated.map((i) => i.id)).toEqual([id]);
    }
    expect(store.incidents({ status: 'open' })).toEqual([expect.objectContaining({
      id, occurrences: 5, firstSeen: day(6), lastSeen: day(10), message: 'SPY: 500 on run 10', severity: 'critical', details: { run: 10 },
    })]);

    const cleared = store.reconcileIncidents(day(13), [], scope('SPY'));
    expect(cleared.resolved.map((i) => [i.id, i.status, i.resolvedAt, i.occurrences])).toEqual([[id, 'resolved', day(13), 5]]);
    expect(store.incidents({ status: 'open' })).toEqual([]);
    // Nothing open and nothing wrong: a quiet run changes nothing.
    expect(store.reconcileIncidents(day(14), [], scope('SPY'))).toEqual({ opened: [], updated: [], resolved: [] });

    const again = store.reconcileIncidents(day(15), [api('SPY')], scope('SPY'));
    expect(again.opened).toHaveLength(1);
    expect(again.opened[0]?.id).not.toBe(id);
    expect(again.opened[0]).toMatchObject({ occurrences: 1, firstSeen: day(15) });
    expect(store.incidents().map((i) => [i.id, i.status])).toEqual([[again.opened[0]?.id, 'open'], [id, 'resolved']]);
    expect(store.incidents({ status: 'resolved' }).map((i) => i.id)).toEqual([id]);
  });

  it('resolves only inside the scope of the run: other symbols, and the system when not checked, stay as they are', () => {
    const { store } = open();
    const health: IncidentCondition = { symbol: null, rule: 'health', severity: 'warning', message: 'disk 3% free', advice: 'free disk space' };
    const opened = store.reconcileIncidents(day(6), [api('SPY'), api('NVDA'), health], scope('SPY', 'NVDA')).opened;
    expect(opened.map((i) => i.symbol)).toEqual(['SPY', 'NVDA', null]);

    // A run that checked only SPY (system not checked) clears SPY and nothing else.
    const r = store.reconcileIncidents(day(7), [], { symbols: ['SPY'], system: false });
    expect(r.resolved.map((i) => i.symbol)).toEqual(['SPY']);
    expect(store.incidents({ status: 'open' }).map((i) => i.symbol).sort()).toEqual(['NVDA', null].sort());

    // The same rule for two symbols, and a system incident, are separate incidents.
    const both = store.reconcileIncidents(day(8), [api('NVDA'), health], { symbols: ['NVDA'], system: true });
    expect(both.updated.map((i) => [i.symbol, i.occurrences])).toEqual([['NVDA', 2], [null, 2]]);
    expect(store.incidents({ symbol: null }).map((i) => i.rule)).toEqual(['health']);
    expect(store.incidents({ symbol: 'NVDA' }).map((i) => i.rule)).toEqual(['api']);

    const system = store.reconcileIncidents(day(9), [], { symbols: [], system: true });
    expect(system.resolved.map((i) => i.rule)).toEqual(['health']);
    expect(store.incidents({ status: 'open' }).map((i) => i.symbol)).toEqual(['NVDA']);
  });

  it('applies a run in one transaction: a failure while resolving leaves the new incident unwritten', () => {
    const { store } = open();
    store.reconcileIncidents(day(6), [api('SPY')], scope('SPY', 'NVDA'));
    // Another connection makes every resolve fail inside the database.
    const raw = engine.raw(store);
    raw.exec(REFUSE_RESOLVE[engine.name]);
    // The run opens NVDA (first, an INSERT) and then resolves SPY (fails): neither may remain.
    expect(() => store.reconcileIncidents(day(7), [api('NVDA')], scope('SPY', 'NVDA'))).toThrow(/resolve refused by the test/);
    expect(store.incidents().map((i) => [i.symbol, i.status, i.occurrences])).toEqual([['SPY', 'open', 1]]);
    // The database itself refuses a second open incident for the same (symbol, rule).
    expect(() => raw.run(`INSERT INTO incidents (symbol, rule, severity, status, message, advice, first_seen, last_seen, occurrences)
      VALUES ('SPY', 'api', 'info', 'open', 'm', 'a', 'x', 'x', 1)`)).toThrow(name === 'sqlite' ? /UNIQUE constraint failed/ : /duplicate key value violates unique constraint "incidents_one_open"/);
  });

  it('acknowledges incidents and counts the open ones per symbol and severity in SQL', () => {
    const { store } = open();
    const [spy] = store.reconcileIncidents(day(6), [
      api('SPY'), { ...api('SPY'), rule: 'data', severity: 'critical' }, { ...api('NVDA'), severity: 'critical' },
      { symbol: null, rule: 'health', severity: 'warning', message: 'load 9 on 2 CPUs', advice: 'find the busy process' },
    ], scope('SPY', 'NVDA')).opened;
    const key = (r: { symbol: string | null; severity: string }) => `${r.symbol ?? '~'}:${r.severity}`;
    const sorted = <T extends { symbol: string | null; severity: string }>(rows: T[]) => [...rows].sort((x, y) => (key(x) < key(y) ? -1 : 1));
    expect(sorted(store.openIncidentCounts())).toEqual([
      { symbol: 'NVDA', severity: 'critical', count: 1 }, { symbol: 'SPY', severity: 'critical', count: 1 },
      { symbol: 'SPY', severity: 'warning', count: 1 }, { symbol: null, severity: 'warning', count: 1 },
    ]);
    expect(store.acknowledgeIncident(spy!.id, '2025-01-06T12:00:00Z')).toBe(true);
    expect(store.acknowledgeIncident(spy!.id)).toBe(false);
    expect(store.acknowledgeIncident(999)).toBe(false);
    expect(store.getIncident(spy!.id)).toMatchObject({ acknowledged: true, acknowledgedAt: '2025-01-06T12:00:00.000Z', status: 'open' });
    // Acknowledged is still open (and counted); a later run keeps the acknowledgement.
    store.reconcileIncidents(day(7), [api('SPY')], { symbols: ['SPY'], system: false });
    expect(store.getIncident(spy!.id)).toMatchObject({ acknowledged: true, occurrences: 2 });
    expect(sorted(store.openIncidentCounts())).toEqual([
      { symbol: 'NVDA', severity: 'critical', count: 1 }, { symbol: 'SPY', severity: 'warning', count: 1 }, { symbol: null, severity: 'warning', count: 1 },
    ]);
    expect(store.incidents({ limit: 2 })).toHaveLength(2);
  });

  it('refuses malformed conditions and scopes with an error naming the field, writing nothing', () => {
    const { store } = open();
    const bad: Array<[() => unknown, RegExp]> = [
      [() => store.reconcileIncidents(day(6), [{ ...api('SPY'), severity: 'loud' as never }], scope('SPY')), /incidents\.conditions\[0\]\.severity = "loud" .*one of info, warning, critical/],
      [() => store.reconcileIncidents(day(6), [api('SPY'), { ...api('SPY'), advice: '' }], scope('SPY')), /incidents\.conditions\[1\]\.advice = ""/],
      [() => store.reconcileIncidents(day(6), [api('spy')], scope('SPY')), /incidents\.conditions\[0\]\.symbol = "spy"/],
      [() => store.reconcileIncidents(day(6), [api('SPY'), api('SPY')], scope('SPY')), /incidents\.conditions\[1\] = .*one condition per \(symbol, rule\)/],
      [() => store.reconcileIncidents(day(6), [api('NVDA')], scope('SPY')), /incidents\.conditions\[0\]\.symbol = "NVDA" .*inside the scope/],
      [() => store.reconcileIncidents(day(6), [{ ...api('SPY'), symbol: null }], { symbols: ['SPY'], system: false }), /conditions\[0\]\.symbol = null/],
      [() => store.reconcileIncidents(day(6), [{ ...api('SPY'), details: [1] as never }], scope('SPY')), /conditions\[0\]\.details = \[1\] .*an object/],
      [() => store.reconcileIncidents('yesterday', [], scope('SPY')), /incidents\.at = "yesterday"/],
      [() => store.reconcileIncidents(day(6), [], { symbols: ['SPY'], system: 'yes' as never }), /incidents\.scope\.system/],
      [() => store.incidents({ status: 'closed' as never }), /incidents\.status = "closed"/],
    ];
    for (const [fn, message] of bad) {
      expect(fn).toThrow(HistoryInputError);
      expect(fn).toThrow(message);
    }
    expect(store.incidents()).toEqual([]);
  });
});
