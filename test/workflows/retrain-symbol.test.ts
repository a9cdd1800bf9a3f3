import { WorkflowFailedError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { retrainProgress, startRetrainSymbol } from '../../client/index.js';
import type { RetrainProgress } from '../../client/index.js';
import { workflowIds } from '../../common/constants.js';
import { StockflowError } from '../../common/errors.js';
import { testDeps } from '../helpers/deps.js';
import { writeAliasedPrices } from '../helpers/price-files.js';
import { tempDir } from '../helpers/temp-dir.js';
import { withWorkers } from '../helpers/temporal.js';

describe('retrainSymbol (real dev server, real worker, real training)', () => {
  it('trains, promotes the first model, then scores a challenger on data the champion has not seen (none here: same bars)', async () => {
    const dataDir = tempDir('stockflow-retrain-');
    const deps = testDeps({ dataDir, symbols: ['AMZN'] });
    await withWorkers(deps, async ({ client, taskQueue }) => {
      const first = await startRetrainSymbol(client, { symbol: 'AMZN', reason: 'test: first model' }, { taskQueue });
      expect(first.status).toBe('started');
      if (first.status !== 'started') return;

      // Progress is queryable while it runs: the stage from the workflow, epochs from heartbeats.
      const seen: RetrainProgress[] = [];
      const poll = (async () => {
        for (let i = 0; i < 400; i++) {
          try {
            const p = await retrainProgress(client, first.handle.workflowId);
            seen.push(p);
            if (p.stage === 'done' || p.stage === 'failed') return;
          } catch {
            // query before the first workflow task completed
          }
          await new Promise((r) => setTimeout(r, 50));
        }
      })();
      const result = await first.handle.result();
      await poll;

      expect(result).toMatchObject({ symbol: 'AMZN', challengerVersion: 1, championBefore: null, championAfter: 1, promoted: true, backupId: null });
      expect(result.challenger.n).toBe(60);
      expect(result.challenger.persistenceMape).toBeGreaterThan(0);
      expect(seen.some((p) => p.stage === 'training')).toBe(true);
      expect(seen.some((p) => p.training && p.training.epoch >= 1 && p.training.epochs === 3)).toBe(true);
      expect(deps.registry.getChampion('AMZN')?.version).toBe(1);
      const stored = deps.history.latestPrediction('AMZN');
      expect(stored).toMatchObject({ symbol: 'AMZN', asOf: '2025-06-30', modelVersion: 1 });
      expect(deps.history.evaluationHistory('AMZN', { kind: 'holdout' })).toHaveLength(1);

      const second = await startRetrainSymbol(client, { symbol: 'AMZN', reason: 'test: challenger', quick: true }, { taskQueue });
      if (second.status !== 'started') throw new Error('second retrain did not start');
      const r2 = await second.handle.result();
      expect(r2).toMatchObject({ challengerVersion: 2, championBefore: 1, quick: true });
      expect(r2.backupId).toMatch(/-v1$/);
      // The champion was refitted through the same last bar before serving, so it has seen every
      // session of the challenger's holdout: it is not scored there (no in-sample comparison) and
      // the gate compares the challenger with the baselines only.
      expect(r2.champion).toBeNull();
      expect([r2.challenger.from, r2.challenger.to, r2.challenger.n]).toEqual([result.challenger.from, result.challenger.to, 60]);
      expect(deps.registry.getChampion('AMZN')?.version).toBe(r2.championAfter);
      expect(r2.decision).toMatch(/v2/);
      expect(deps.history.decisionHistory('AMZN')).toHaveLength(2);
      expect(deps.registry.listBackups('AMZN').map((b) => b.version)).toEqual([1]);
    });
  });

  it('leaves the champion intact when training fails after the backup, and reports the cause', async () => {
    const dataDir = tempDir('stockflow-retrain-fail-');
    const deps = testDeps({ dataDir, symbols: ['TSLA'] });
    await withWorkers(deps, async ({ client, taskQueue }) => {
      const ok = await startRetrainSymbol(client, { symbol: 'TSLA', reason: 'test: champion' }, { taskQueue });
      if (ok.status !== 'started') throw new Error('not started');
      await ok.handle.result();
      const champion = deps.registry.getChampion('TSLA');
      expect(champion?.version).toBe(1);

      const broken = testDeps({ ...deps, dataDir, training: { ...deps.training, backend: 'no-such-backend' } });
      await withWorkers(broken, async ({ client: c2, taskQueue: q2 }) => {
        const run = await startRetrainSymbol(c2, { symbol: 'TSLA', reason: 'test: broken trainer' }, { taskQueue: q2 });
        if (run.status !== 'started') throw new Error('not started');
        const failure = await run.handle.result().then(() => null, (e: unknown) => e);
        expect(failure).toBeInstanceOf(WorkflowFailedError);
        const chain: string[] = [];
        for (let e = (failure as Error & { cause?: unknown }).cause; e; e = (e as { cause?: unknown }).cause) {
          chain.push(`${(e as { name: string }).name}:${(e as { type?: string }).type ?? ''}`);
        }
        // The forced backend is refused as a permanent configuration error: not retried.
        expect(chain.join(' > ')).toMatch(/^ActivityFailure:.* > ApplicationFailure:ConfigError/);
        expect((failure as Error & { cause: { cause: Error } }).cause.cause.message).toMatch(/no-such-backend/);
        const status = await run.handle.query<{ stage: string; error?: string }>('retrainStatus');
        expect(status.stage).toBe('failed');
      });
      expect(deps.registry.getChampion('TSLA')).toEqual(champion);
      expect(deps.registry.listBackups('TSLA')).toHaveLength(1);
      expect(deps.registry.listVersions('TSLA').map((v) => v.version)).toEqual([1]);
    });
  });

  it('does not run a second retrain of the same symbol while one is running', async () => {
    const dataDir = tempDir('stockflow-retrain-dup-');
    const deps = testDeps({ dataDir, symbols: ['AUR'] });
    await withWorkers(deps, async ({ client, taskQueue }) => {
      const first = await startRetrainSymbol(client, { symbol: 'AUR', reason: 'test: first' }, { taskQueue });
      const second = await startRetrainSymbol(client, { symbol: 'AUR', reason: 'test: duplicate' }, { taskQueue });
      expect(first.status).toBe('started');
      expect(second).toMatchObject({ status: 'already-running', workflowId: workflowIds.retrainSymbol('AUR') });
      if (first.status === 'started') await first.handle.result();
      expect(deps.registry.listVersions('AUR')).toHaveLength(1);
    });
  });

  it('restores the backed-up champion when a step after the promotion fails (compensation)', async () => {
    const dataDir = tempDir('stockflow-retrain-compensate-');
    const pricesDir = writeAliasedPrices(`${dataDir}/source`, { 'SPY.R': 'SPY' });
    // margin 1 (100%): any challenger passes the gate, so the pointer really moves before the failure.
    const deps = testDeps({ dataDir, pricesDir, symbols: ['SPY.R'], promotion: { margin: 1, checkBaseline: false } });
    await withWorkers(deps, async ({ client, taskQueue }) => {
      const first = await startRetrainSymbol(client, { symbol: 'SPY.R', reason: 'test: champion', quick: true }, { taskQueue });
      if (first.status !== 'started') throw new Error('not started');
      await first.handle.result();
    });
    expect(deps.registry.getChampion('SPY.R')?.version).toBe(1);

    // The history database refuses the evaluation records: recordRetrain fails after promoteOrKeep.
    class DiskFullError extends StockflowError {
      readonly kind = 'permanent';
    }
    const failingHistory = new Proxy(deps.history, {
      get: (target, prop, receiver) => (prop === 'addEvaluation'
        ? () => { throw new DiskFullError('history database is full'); }
        : Reflect.get(target, prop, receiver)),
    });
    const broken = testDeps({ ...deps, dataDir, pricesDir, history: failingHistory });
    await withWorkers(broken, async ({ client, taskQueue }) => {
      const run = await startRetrainSymbol(client, { symbol: 'SPY.R', reason: 'test: record fails', quick: true }, { taskQueue });
      if (run.status !== 'started') throw new Error('not started');
      const failure = await run.handle.result().then(() => null, (e: Error & { cause?: Error & { cause?: Error } }) => e);
      expect(failure?.cause?.cause?.message).toMatch(/history database is full/);
    });
    // v2 was promoted, then the compensation restored the backup of v1.
    expect(deps.registry.listVersions('SPY.R').map((v) => v.version)).toEqual([1, 2]);
    expect(deps.registry.getChampion('SPY.R')?.version).toBe(1);
    const actions = deps.registry.auditLog('SPY.R').entries.map((e) => `${e.action}:${e.from}->${e.to}`);
    expect(actions).toEqual(['promote:null->1', 'promote:1->2', 'restore:2->1']);
  });
});
