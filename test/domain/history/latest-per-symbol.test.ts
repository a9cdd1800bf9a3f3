/**
 * The set-based history queries (one statement for every symbol: GET /models, `stockflow status`)
 * give, for each symbol, exactly what the per-symbol queries give — including ties on the
 * timestamp (broken by id, newest insert wins) and symbols with nothing recorded (no row).
 */
import { describe, expect, it } from 'vitest';
import type { HistoryStore } from '../../../domain/history/index.js';
import { HISTORY_ENGINES } from './engines.js';

const SYMBOLS = ['AAA', 'BBB', 'CCC'];
const at = (day: number, hour = 0) => `2025-02-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;

/** A few rows per symbol in shuffled time order, with a timestamp tie on AAA; DDD has none. */
function seed(store: HistoryStore): void {
  const times = [3, 1, 5, 2, 5];
  SYMBOLS.forEach((symbol, s) => {
    times.forEach((day, i) => {
      if (symbol !== 'AAA' && i === 4) return; // the tie only on AAA
      const version = 1 + ((i + s) % 3);
      store.addEvaluation({ symbol, version, evaluatedAt: at(day, s), kind: i % 2 ? 'holdout' : 'backtest', from: '2024-01-02', to: '2024-12-31', n: 10 + i, metrics: { mape: 0.01 * (i + 1) } });
      store.addLiveScore({ symbol, version, scoredAt: at(day, s), from: '2025-01-02', to: '2025-01-31', n: 20 + i, directionAccuracy: 0.5, mape: 0.02, meanConfidence: 0.6, details: { i } });
      store.addDecision({ symbol, at: at(day, s), challengerVersion: version, championVersion: 1, promoted: i % 2 === 0, reason: `decision ${i}`, details: {} });
      store.startRetrainAttempt({ symbol, startedAt: at(day, s), workflowId: `retrain-${symbol}`, runId: `run-${i}`, reason: `attempt ${i}`, lastBar: '2025-01-31' });
    });
  });
}

describe.each(HISTORY_ENGINES)('latest-per-symbol history queries on %s', (_name, engine) => {
  const open = () => engine.fresh();

  it('answer for every symbol at once what the per-symbol queries answer one by one', () => {
    const store = open();
    seed(store);
    const bySymbol = <T extends { symbol: string }>(rows: T[]) => rows.map((r) => r.symbol);

    expect(bySymbol(store.latestEvaluations())).toEqual(SYMBOLS);
    for (const e of store.latestEvaluations()) expect(e).toEqual(store.latestEvaluation(e.symbol));
    for (const kind of ['holdout', 'backtest'] as const) {
      const rows = store.latestEvaluations(kind);
      expect(bySymbol(rows)).toEqual(SYMBOLS);
      for (const e of rows) expect(e).toEqual(store.latestEvaluation(e.symbol, kind));
    }
    expect(store.latestEvaluations('live')).toEqual([]);

    expect(bySymbol(store.latestLiveScores())).toEqual(SYMBOLS);
    for (const l of store.latestLiveScores()) expect(l).toEqual(store.liveScoreHistory(l.symbol, { limit: 1 })[0]);

    expect(bySymbol(store.latestDecisions())).toEqual(SYMBOLS);
    for (const d of store.latestDecisions()) expect(d).toEqual(store.decisionHistory(d.symbol, { limit: 1 })[0]);

    expect(bySymbol(store.latestRetrainAttempts())).toEqual(SYMBOLS);
    for (const a of store.latestRetrainAttempts()) expect(a).toEqual(store.retrainAttemptHistory(a.symbol, { limit: 1 })[0]);

    // The tie on AAA (two rows at the same time): the later insert is the latest, as per symbol.
    expect(store.latestDecisions()[0]?.reason).toBe('decision 4');
  });

  it('give the newest live score of each asked (symbol, version), and nothing for a version never scored', () => {
    const store = open();
    seed(store);
    const asked = [
      { symbol: 'AAA', version: 1 }, { symbol: 'BBB', version: 2 }, { symbol: 'CCC', version: 3 },
      { symbol: 'CCC', version: 9 }, { symbol: 'DDD', version: 1 },
    ];
    const rows = store.latestLiveScoresOf(asked);
    const expected = asked.map((v) => store.liveScoreHistory(v.symbol, { version: v.version, limit: 1 })[0]).filter((r) => r !== undefined);
    expect(rows).toEqual(expected);
    expect(rows.map((r) => `${r.symbol}v${r.version}`)).toEqual(['AAAv1', 'BBBv2', 'CCCv3']);
    expect(store.latestLiveScoresOf([])).toEqual([]);
  });

  it('answer for more versions than one statement holds (chunked), and refuse a malformed symbol', () => {
    const store = open();
    const many = Array.from({ length: 450 }, (_, i) => ({ symbol: `S${String(i).padStart(3, '0')}`, version: 1 }));
    for (const v of [many[0]!, many[420]!]) {
      store.addLiveScore({ symbol: v.symbol, version: 1, scoredAt: at(1), from: '2025-01-02', to: '2025-01-31', n: 5, directionAccuracy: 0.5, mape: 0.02, meanConfidence: 0.6 });
    }
    expect(store.latestLiveScoresOf(many).map((r) => r.symbol)).toEqual(['S000', 'S420']);
    expect(() => store.latestLiveScoresOf([{ symbol: 'bad symbol', version: 1 }])).toThrow(/symbol/);
  });
});

describe('changeStamp', () => {
  const engine = (name: string) => HISTORY_ENGINES.find(([n]) => n === name)![1];

  it('is null on PostgreSQL (no cheap change counter), so readers cache nothing there', () => {
    expect(engine('postgres').fresh().changeStamp()).toBeNull();
  });

  it('moves on SQLite on a commit by another connection or by this one, and stays put otherwise', () => {
    const sqlite = engine('sqlite');
    const writer = sqlite.fresh();
    const reader = sqlite.reopen(writer, { readonly: true });
    const before = reader.changeStamp();
    expect(reader.changeStamp()).toBe(before);
    reader.latestDecisions();
    expect(reader.changeStamp()).toBe(before);
    writer.addDecision({ symbol: 'AAA', at: at(1), challengerVersion: 1, championVersion: null, promoted: true, reason: 'r', details: {} });
    const afterOther = reader.changeStamp();
    expect(afterOther).not.toBe(before);
    const own = writer.changeStamp();
    writer.addDecision({ symbol: 'AAA', at: at(2), challengerVersion: 2, championVersion: 1, promoted: true, reason: 'r', details: {} });
    expect(writer.changeStamp()).not.toBe(own);
  });
});
