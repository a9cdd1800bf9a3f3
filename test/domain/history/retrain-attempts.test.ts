import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { HistoryInputError, HistoryStore, SCHEMA_VERSION, historyFile } from '../../../domain/history/index.js';
import { MIGRATIONS } from '../../../domain/history/migrations.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { HISTORY_ENGINES } from './engines.js';

describe.each(HISTORY_ENGINES)('retrain_attempts on %s', (_name, engine) => {
  const open = (): HistoryStore => {
    let t = Date.parse('2026-11-30T10:00:00.000Z');
    return engine.fresh({ now: () => new Date((t += 60_000)) });
  };

  it('records an attempt once per run, then its outcome; a later outcome (failed after kept) replaces the earlier one', () => {
    const store = open();
    const start = { symbol: 'SPY', workflowId: 'retrain-SPY', runId: 'run-1', reason: 'alert: MAPE 7% > 5%', lastBar: '2025-06-30' };
    const first = store.startRetrainAttempt(start);
    expect(first).toMatchObject({ ...start, outcome: 'started', detail: null, finishedAt: null, startedAt: '2026-11-30T10:01:00.000Z' });
    // The activity is retried after a lost response: still one attempt, with its first start time.
    expect(store.startRetrainAttempt({ ...start, reason: 'retried' })).toEqual(first);

    const kept = store.finishRetrainAttempt({ workflowId: 'retrain-SPY', runId: 'run-1', outcome: 'kept', detail: 'kept champion v1: challenger MAPE 2.1% vs champion 1.9%' });
    expect(kept).toMatchObject({ id: first.id, outcome: 'kept', detail: 'kept champion v1: challenger MAPE 2.1% vs champion 1.9%' });
    expect(kept.finishedAt).not.toBeNull();
    expect(store.finishRetrainAttempt({ workflowId: 'retrain-SPY', runId: 'run-1', outcome: 'failed', detail: 'history database is full' }).outcome).toBe('failed');

    store.startRetrainAttempt({ ...start, runId: 'run-2', lastBar: '2025-07-01' });
    store.startRetrainAttempt({ ...start, symbol: 'NVDA', workflowId: 'retrain-NVDA', runId: 'run-3' });
    expect(store.retrainAttemptHistory('SPY').map((a) => [a.runId, a.outcome, a.lastBar])).toEqual([['run-1', 'failed', '2025-06-30'], ['run-2', 'started', '2025-07-01']]);
    expect(store.retrainAttemptHistory('SPY', { limit: 1 }).map((a) => a.runId)).toEqual(['run-2']);
  });

  it('refuses bad input, naming the field, and an outcome for an attempt never started', () => {
    const store = open();
    expect(() => store.startRetrainAttempt({ symbol: 'SPY', workflowId: 'w', runId: 'r', reason: 'x', lastBar: '30/06/2025' }))
      .toThrow(new HistoryInputError('retrain_attempts', 'lastBar', '30/06/2025', 'a trading day YYYY-MM-DD'));
    expect(() => store.finishRetrainAttempt({ workflowId: 'w', runId: 'r', outcome: 'kept', detail: 'x' })).toThrow(/retrain_attempts\.workflowId\/runId = "w\/r" .*never recorded/);
    store.startRetrainAttempt({ symbol: 'SPY', workflowId: 'w', runId: 'r', reason: 'x', lastBar: null });
    expect(() => store.finishRetrainAttempt({ workflowId: 'w', runId: 'r', outcome: 'started' as 'kept', detail: 'x' })).toThrow(/outcome = "started" .*one of promoted, kept, failed/);
  });
});

describe('retrain_attempts on SQLite files', () => {

  it('is created by a migration appended after the initial schema (an existing file gains the table, keeping its rows)', () => {
    const dir = tempDir('stockflow-attempts-migrate-');
    const raw = new Database(historyFile(dir));
    raw.exec(MIGRATIONS[0]!);
    raw.pragma('user_version = 1');
    raw.prepare("INSERT INTO alerts (at, kind, severity, message) VALUES ('2025-01-06T00:00:00.000Z', 'health', 'info', 'kept')").run();
    raw.close();
    const store = HistoryStore.open({ file: historyFile(dir) });
    expect(store.schemaVersion()).toBe(SCHEMA_VERSION);
    expect(store.startRetrainAttempt({ symbol: 'SPY', workflowId: 'w', runId: 'r', reason: 'x', lastBar: '2025-06-30' }).id).toBe(1);
    store.close();
    const check = new Database(historyFile(dir), { readonly: true });
    expect(check.prepare('SELECT message FROM alerts').all()).toEqual([{ message: 'kept' }]);
    check.close();
  });
});
