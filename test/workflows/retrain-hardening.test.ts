/**
 * The retrain workflow (real dev server, worker and training) against the registry faults of
 * issue 11: a corrupted champion, a manual restore while a retrain runs, and the production
 * promotion gate (`checkBaseline: true`) refusing a challenger that does not beat persistence.
 */
import { mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startRetrainSymbol } from '../../client/index.js';
import { ModelRegistry } from '../../domain/registry/index.js';
import { testDeps } from '../helpers/deps.js';
import { PRICES_DIR } from '../helpers/paths.js';
import { writeAliasedPrices } from '../helpers/price-files.js';
import { tempDir } from '../helpers/temp-dir.js';
import { withWorkers } from '../helpers/temporal.js';

/** Two real trainings each, on a shared and busy machine. */
const SLOW_TEST_MS = 300_000;

const actions = (registry: ModelRegistry, symbol: string) =>
  registry.auditLog(symbol).entries.map((e) => `${e.action}:${e.from}->${e.to}`);

/**
 * A price file on SPY's real calendar: 540 sessions rising 0.4 % a day on average (with 1 %
 * noise), then 60 nearly flat sessions (±0.01 %). Every model learns the drift and forecasts
 * a ~0.4 % rise on the flat days, while persistence is almost exact there: its MAPE is ~30×
 * lower, far outside the production gate's 10 % baseline margin.
 */
function writeDriftThenFlatPrices(dir: string, symbol: string): void {
  mkdirSync(dir, { recursive: true });
  const dates = readFileSync(path.join(PRICES_DIR, 'SPY.csv'), 'utf8').trim().split('\n').slice(1).slice(-600).map((r) => r.slice(0, 10));
  let seed = 12345;
  const uniform = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  let close = 100;
  const rows = dates.map((date, i) => {
    const open = close;
    const logReturn = i < 540 ? 0.004 + (uniform() - 0.5) * 0.02 : (i % 2 === 0 ? 0.0001 : -0.0001);
    close *= Math.exp(logReturn);
    const high = Math.max(open, close) * 1.001;
    const low = Math.min(open, close) * 0.999;
    return [date, open.toFixed(4), high.toFixed(4), low.toFixed(4), close.toFixed(4), close.toFixed(4), '1000000'].join(',');
  });
  writeFileSync(path.join(dir, `${symbol}.csv`), ['date,open,high,low,close,adj_close,volume', ...rows].join('\n') + '\n');
}

describe('retrainSymbol against registry faults', () => {
  it('a corrupted champion is reported and does not block a retrain: the backup is skipped (audited) and the challenger promoted', async () => {
    const dataDir = tempDir('stockflow-corrupt-champion-');
    const pricesDir = writeAliasedPrices(path.join(dataDir, 'source'), { 'NVDA.CC': 'NVDA' });
    const deps = testDeps({ dataDir, pricesDir, symbols: ['NVDA.CC'] });
    await withWorkers(deps, async ({ client, taskQueue }) => {
      const first = await startRetrainSymbol(client, { symbol: 'NVDA.CC', reason: 'test: champion', quick: true }, { taskQueue });
      if (first.status !== 'started') throw new Error('not started');
      await first.handle.result();
      expect(deps.registry.checkChampion('NVDA.CC').problem).toBeUndefined();

      truncateSync(path.join(deps.registry.root, 'NVDA.CC', 'v1', 'weights.bin'), 100);
      expect(deps.registry.summary('NVDA.CC').championProblem).toMatch(/champion v1 fails verification: .*weights\.bin/);

      const second = await startRetrainSymbol(client, { symbol: 'NVDA.CC', reason: 'test: after corruption', quick: true, force: true }, { taskQueue });
      if (second.status !== 'started') throw new Error('not started');
      const result = await second.handle.result();
      expect(result).toMatchObject({ challengerVersion: 2, championBefore: 1, championAfter: 2, promoted: true, backupId: null, champion: null });
      expect(result.decision).toMatch(/champion v1 could not be scored/);
    });
    expect(deps.registry.checkChampion('NVDA.CC')).toEqual({ pointer: expect.objectContaining({ version: 2 }) });
    expect(deps.registry.listBackups('NVDA.CC')).toEqual([]);
    expect(actions(deps.registry, 'NVDA.CC')).toEqual(['promote:null->1', 'skip-backup:1->1', 'promote:1->2']);
    expect(deps.registry.auditLog('NVDA.CC').entries[1]?.reason).toMatch(/backup skipped before retrain: champion v1 fails verification/);
  }, SLOW_TEST_MS);

  it('a manual restore during a running retrain is not overridden: the promotion keeps the restored champion and says why', async () => {
    const dataDir = tempDir('stockflow-restore-during-');
    const pricesDir = writeAliasedPrices(path.join(dataDir, 'source'), { 'MSFT.RD': 'MSFT' });
    // margin 1: without the check, any challenger would be promoted over the restored champion.
    const deps = testDeps({ dataDir, pricesDir, symbols: ['MSFT.RD'], promotion: { margin: 1, checkBaseline: false } });
    await withWorkers(deps, async ({ client, taskQueue }) => {
      const first = await startRetrainSymbol(client, { symbol: 'MSFT.RD', reason: 'test: champion', quick: true }, { taskQueue });
      if (first.status !== 'started') throw new Error('not started');
      await first.handle.result();
    });
    // v2: a copy of v1 made champion, so that v1 can be restored while the next retrain runs.
    const v1 = deps.registry.loadVersion('MSFT.RD', 1);
    const { version: _v, registeredAt: _r, ...metadata } = v1.metadata;
    deps.registry.saveVersion('MSFT.RD', { files: v1.files, metadata });
    deps.registry.restore('MSFT.RD', 2, 'test: v2 champion');

    // The operator (another process: its own registry object) restores v1 while the challenger
    // is being trained — exactly when the trainer saves it, so the order is certain.
    const operator = new ModelRegistry({ root: deps.registry.root });
    let restoredDuringTraining = false;
    const registry = new Proxy(deps.registry, {
      get: (target, prop, receiver) => (prop === 'saveVersion'
        ? (...args: Parameters<ModelRegistry['saveVersion']>) => {
            operator.restore('MSFT.RD', 1, 'manual restore during a retrain');
            restoredDuringTraining = true;
            return target.saveVersion(...args);
          }
        : Reflect.get(target, prop, receiver)),
    });
    const during = testDeps({ ...deps, dataDir, pricesDir, registry });
    await withWorkers(during, async ({ client, taskQueue }) => {
      const run = await startRetrainSymbol(client, { symbol: 'MSFT.RD', reason: 'test: restore during retrain', quick: true }, { taskQueue });
      if (run.status !== 'started') throw new Error('not started');
      const result = await run.handle.result();
      expect(restoredDuringTraining).toBe(true);
      expect(result).toMatchObject({ challengerVersion: 3, championBefore: 2, championAfter: 1, promoted: false });
      expect(result.decision).toMatch(/champion changed from v2 to v1 while challenger v3 was being trained and compared against the former/);
    });
    expect(deps.registry.getChampion('MSFT.RD')?.version).toBe(1);
    expect(actions(deps.registry, 'MSFT.RD')).toEqual(['promote:null->1', 'restore:1->2', 'restore:2->1', 'keep:1->1']);
    const decisions = deps.history.decisionHistory('MSFT.RD');
    expect(decisions.at(-1)).toMatchObject({ challengerVersion: 3, championVersion: 1, promoted: false });
  }, SLOW_TEST_MS);

  it('the production promotion gate (checkBaseline: true) keeps out a challenger worse than persistence', async () => {
    const dataDir = tempDir('stockflow-production-gate-');
    const pricesDir = path.join(dataDir, 'source');
    writeDriftThenFlatPrices(pricesDir, 'GATE.P');
    // The production configuration's gate: baseline enforced, champion margin 2 %.
    const deps = testDeps({ dataDir, pricesDir, symbols: ['GATE.P'], promotion: { margin: 0.02, checkBaseline: true } });
    await withWorkers(deps, async ({ client, taskQueue }) => {
      const run = await startRetrainSymbol(client, { symbol: 'GATE.P', reason: 'test: production gate', quick: true }, { taskQueue });
      if (run.status !== 'started') throw new Error('not started');
      const result = await run.handle.result();
      expect(result).toMatchObject({ challengerVersion: 1, championBefore: null, championAfter: null, promoted: false });
      expect(result.challenger.mape).toBeGreaterThan(result.challenger.persistenceMape * 1.1);
      expect(result.decision).toMatch(/^no promotion: .*baseline/);
    });
    expect(deps.registry.getChampion('GATE.P')).toBeNull();
    expect(actions(deps.registry, 'GATE.P')).toEqual(['keep:null->null']);
    const [decision] = deps.history.decisionHistory('GATE.P');
    const comparisons = decision?.details.comparisons as Array<{ against: string; enforced: boolean; passed: boolean }>;
    expect(comparisons.filter((c) => c.against === 'baseline' && c.enforced && !c.passed).length).toBeGreaterThanOrEqual(1);
  }, SLOW_TEST_MS);
});
