// The champion-vs-challenger comparison after refit-before-serving: when new bars arrive after the
// champion's served data (a CSV source extended between two retrains), the champion is scored on the
// challenger's holdout sessions after its data only, never on sessions it was fitted on.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startRetrainSymbol } from '../../client/index.js';
import { testDeps } from '../helpers/deps.js';
import { PRICES_DIR } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp-dir.js';
import { withWorkers } from '../helpers/temporal.js';

/** The source's AMZN.X.csv: the real AMZN bars without the last `drop` sessions. */
function writeSource(dir: string, drop: number): string {
  mkdirSync(dir, { recursive: true });
  const lines = readFileSync(path.join(PRICES_DIR, 'AMZN.csv'), 'utf8').trimEnd().split('\n');
  const kept = drop > 0 ? lines.slice(0, lines.length - drop) : lines;
  writeFileSync(path.join(dir, 'AMZN.X.csv'), `${kept.join('\n')}\n`);
  const last = kept.at(-1)?.split(',')[0];
  if (!last) throw new Error('AMZN.csv has no rows to keep');
  return last;
}

describe('retrainSymbol comparison on new bars (real dev server, real worker, real training)', () => {
  it('scores the champion on the challenger\'s holdout sessions after the champion\'s data only', async () => {
    const dataDir = tempDir('stockflow-retrain-compare-');
    const pricesDir = path.join(dataDir, 'source');
    const NEW_SESSIONS = 25;
    const firstLastBar = writeSource(pricesDir, NEW_SESSIONS);
    const deps = testDeps({ dataDir, pricesDir, symbols: ['AMZN.X'] });
    await withWorkers(deps, async ({ client, taskQueue }) => {
      const first = await startRetrainSymbol(client, { symbol: 'AMZN.X', reason: 'test: champion', quick: true }, { taskQueue });
      if (first.status !== 'started') throw new Error('first retrain did not start');
      const r1 = await first.handle.result();
      expect(r1).toMatchObject({ challengerVersion: 1, championAfter: 1 });
      const served = deps.registry.loadChampion('AMZN.X').metadata as unknown as { dataRange: { bars: { to: string } } };
      expect(served.dataRange.bars.to).toBe(firstLastBar);

      // The source gains NEW_SESSIONS bars; the next retrain refreshes and trains on them.
      writeSource(pricesDir, 0);
      const second = await startRetrainSymbol(client, { symbol: 'AMZN.X', reason: 'test: new bars', quick: true }, { taskQueue });
      if (second.status !== 'started') throw new Error('second retrain did not start');
      const r2 = await second.handle.result();
      expect(r2).toMatchObject({ challengerVersion: 2, championBefore: 1 });
      // Both scored on the same sessions: the last NEW_SESSIONS of the challenger's holdout, after the champion's data.
      expect(r2.champion).not.toBeNull();
      expect(r2.champion!.n).toBe(NEW_SESSIONS);
      expect(r2.challenger.n).toBe(NEW_SESSIONS);
      expect(r2.champion!.from > firstLastBar).toBe(true);
      expect([r2.champion!.from, r2.champion!.to]).toEqual([r2.challenger.from, r2.challenger.to]);
      expect(r2.champion!.persistenceMape).toBeGreaterThan(0);
      // The comparison is stored as the champion's backtest beside the challenger's holdout.
      const backtests = deps.history.evaluationHistory('AMZN.X', { kind: 'backtest' });
      expect(backtests.map((e) => [e.version, e.n, e.from])).toEqual([[1, NEW_SESSIONS, r2.champion!.from]]);
    });
  });
});
