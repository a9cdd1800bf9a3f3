import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ApplicationFailure, WorkflowFailedError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { resultOfAllSymbolsFailed, startPipeline } from '../../client/index.js';
import type { BatchRetrainResult, SmartTrainingResult } from '../../common/wire/index.js';
import { testDeps } from '../helpers/deps.js';
import { writeAliasedPrices } from '../helpers/price-files.js';
import { tempDir } from '../helpers/temp-dir.js';
import { withWorkers } from '../helpers/temporal.js';

/** One more session for the alias after the last one in ../shared (2025-06-30, close 136.32). */
const NEXT_SESSION = '2025-07-01,136.50,138.90,133.10,134.75,134.75,88123400';

describe('the retrain policy in the pipelines (real dev server, real worker, real training)', () => {
  it('a symbol retrained on unchanged data is not retrained again automatically; one new session allows it again', async () => {
    const dataDir = tempDir('stockflow-policy-');
    // PLTR under its own ticker: retrain ids are per symbol and the dev server is shared.
    const pricesDir = writeAliasedPrices(path.join(dataDir, 'source'), { 'PLTR.P': 'PLTR' });
    let clock = new Date('2026-11-22T07:00:00Z'); // a Sunday: no market-hours wait anyway
    const deps = testDeps({
      dataDir, pricesDir, symbols: ['PLTR.P'], now: () => clock,
      thresholdsFor: () => ({ maxModelAgeDays: 7, minDirectionAccuracy: 0.45, maxMape: 0.05, minConfidence: 0 }),
    });
    await withWorkers(deps, async ({ client, taskQueue }) => {
      // v1: promoted without the baseline check; a ticker with no prices fails beside it.
      const first = await startPipeline(client, 'trainSymbols', { symbols: ['PLTR.P', 'NOPE.P'], quick: true }, { taskQueue });
      const firstBatch = await first.result() as BatchRetrainResult;
      expect(firstBatch).toMatchObject({ requested: 2, promoted: 1, failed: 1 });
      // A partial failure completes, with the failed count where the Temporal UI shows it.
      expect((await first.describe()).memo).toEqual({ retrainTotal: 2, retrainFailed: 1, retrainFailedSymbols: ['NOPE.P'] });

      // The production gate from now on, on the same data. The champion's served fit has seen every
      // holdout session, so the gate judges the challenger against the baselines alone; whether it
      // promotes or keeps, this attempt trained on the newest session, and that is what the policy reads.
      deps.promotion = { margin: 0, checkBaseline: true };
      const second = await (await startPipeline(client, 'trainSymbols', { symbols: ['PLTR.P'], quick: true }, { taskQueue })).result() as BatchRetrainResult;
      expect(second).toMatchObject({ requested: 1, failed: 0 });
      const secondOutcome = second.promoted === 1 ? 'promoted' : 'kept';
      expect(second.outcomes[0]?.result?.decision).toMatch(secondOutcome === 'kept' ? /^kept champion v1: / : /^promoted /);
      const lastBar = '2025-06-30';
      expect(deps.history.retrainAttemptHistory('PLTR.P').map((a) => [a.outcome, a.lastBar, a.startedAt])).toEqual([
        ['promoted', lastBar, clock.toISOString()], [secondOutcome, lastBar, clock.toISOString()],
      ]);

      // Eight days later the champion is too old — but nothing new arrived since the last attempt.
      clock = new Date('2026-11-30T07:00:00Z');
      const weekly = await (await startPipeline(client, 'smartTraining', {}, { taskQueue })).result() as SmartTrainingResult;
      expect(weekly).toMatchObject({ requested: 0, due: [], notDue: ['PLTR.P'] });
      expect(weekly.retrainsRefused).toMatchObject([{
        symbol: 'PLTR.P', allowed: false, state: 'no-new-data', consecutiveRefusals: secondOutcome === 'kept' ? 1 : 0, dueReasons: ['model is 8 days old (> 7)'],
      }]);
      expect(weekly.retrainsRefused[0]?.reason).toBe(
        `no new data: the last attempt (${secondOutcome} at 2026-11-22T07:00:00.000Z, data through ${lastBar}) trained on the newest cached session and none arrived since; `
        + 'an automatic retrain waits for the next session — or force one');
      expect(deps.history.retrainAttemptHistory('PLTR.P')).toHaveLength(2);
      expect(deps.registry.listVersions('PLTR.P').map((v) => v.version)).toEqual([1, 2]);

      // One new session reaches the source: the weekly run's refresh sees it and the retrain runs.
      appendFileSync(path.join(pricesDir, 'PLTR.P.csv'), `${NEXT_SESSION}\n`);
      const next = await (await startPipeline(client, 'smartTraining', {}, { taskQueue })).result() as SmartTrainingResult;
      expect(next.due).toEqual([{ symbol: 'PLTR.P', reasons: ['model is 8 days old (> 7)'] }]);
      expect(next.retrainsRefused).toEqual([]);
      expect(next.outcomes.map((o) => [o.symbol, o.status])).toEqual([['PLTR.P', 'done']]);
      const attempts = deps.history.retrainAttemptHistory('PLTR.P');
      expect(attempts).toHaveLength(3);
      expect(attempts[2]).toMatchObject({ lastBar: '2025-07-01', reason: 'scheduled: model is 8 days old (> 7)' });
      expect(['promoted', 'kept']).toContain(attempts[2]?.outcome);
    });
  });

  it('trainSymbols in which every symbol fails is a failed workflow naming the symbols and causes', async () => {
    const dataDir = tempDir('stockflow-policy-fail-');
    const pricesDir = path.join(dataDir, 'empty-source');
    mkdirSync(pricesDir);
    const deps = testDeps({ dataDir, pricesDir, symbols: ['GONE.A', 'GONE.B'] });
    await withWorkers(deps, async ({ client, taskQueue }) => {
      const handle = await startPipeline(client, 'trainSymbols', { quick: true }, { taskQueue });
      const failure = await handle.result().then(() => null, (e: unknown) => e);
      expect(failure).toBeInstanceOf(WorkflowFailedError);
      const cause = (failure as WorkflowFailedError).cause;
      expect(cause).toBeInstanceOf(ApplicationFailure);
      expect(cause).toMatchObject({ type: 'AllSymbolsFailed', nonRetryable: true });
      expect(cause?.message).toMatch(/^trainSymbols: every symbol failed \(2 of 2\): GONE\.A — .*unknown symbol GONE\.A.*; GONE\.B — .*unknown symbol GONE\.B/);
      // The per-symbol outcomes travel with the failure.
      expect(resultOfAllSymbolsFailed<BatchRetrainResult>(failure)?.outcomes.map((o) => [o.symbol, o.status])).toEqual([['GONE.A', 'failed'], ['GONE.B', 'failed']]);
      expect((await handle.describe()).status.name).toBe('FAILED');
      expect((await handle.describe()).memo).toEqual({ retrainTotal: 2, retrainFailed: 2, retrainFailedSymbols: ['GONE.A', 'GONE.B'] });
      // Nothing was trained, so no attempt was recorded: the policy has nothing to hold against them.
      expect(deps.history.retrainAttemptHistory('GONE.A')).toEqual([]);
    });
  });
});
