/**
 * smartTraining's two untested paths, on the real dev server with real workers and training:
 * a champion whose live sessions breach a skill rule is due with the breach as its reason (an
 * honest champion beside it is not), and `force: true` retrains every symbol whatever the due
 * check and the retrain policy say.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { retrainPolicyVerdict } from '../../activities/retrain-attempts.js';
import { startPipeline } from '../../client/index.js';
import type { BatchRetrainResult, SmartTrainingResult } from '../../common/wire/index.js';
import { testDeps } from '../helpers/deps.js';
import { PRICES_DIR } from '../helpers/paths.js';
import { sabotageChampion } from '../helpers/sabotage.js';
import { tempDir } from '../helpers/temp-dir.js';
import { withWorkers } from '../helpers/temporal.js';
import { scaled } from '../helpers/timeouts.js';

const CUT = '2024-06-28';
const LIVE_SESSIONS = 25;
/** Five trainings and three weekly runs on a shared, busy machine (68 s on a loaded 2-core one). */
const SLOW_TEST_MS = scaled(360_000);
/** Tickers no other test file uses (retrain workflow ids are per symbol on the shared server). */
const SABOTAGED = 'AAPL.ST';
const HONEST = 'SPY.ST';
const REAL: Record<string, string> = { [SABOTAGED]: 'AAPL', [HONEST]: 'SPY' };
/** A due reason from a skill rule that starts a retrain: "rule: detail". */
const SKILL_BREACH = /^(error-vs-persistence|direction-vs-naive|brier-vs-base-rate|skill-drop|interval-coverage): \S/;

function realRows(alias: string): { header: string; rows: string[] } {
  const file = path.join(PRICES_DIR, `${REAL[alias]}.csv`);
  const [header, ...rows] = readFileSync(file, 'utf8').trim().split('\n');
  if (header === undefined) throw new Error(`${file} is empty`);
  return { header, rows };
}

/** The real prices of the alias through `CUT`. */
function writeCut(dir: string, alias: string): void {
  const { header, rows } = realRows(alias);
  writeFileSync(path.join(dir, `${alias}.csv`), [header, ...rows.filter((r) => r.slice(0, 10) <= CUT)].join('\n') + '\n');
}

/** Appends the next `count` real sessions after `CUT`; returns their dates. */
function appendLiveSessions(dir: string, alias: string, count: number): string[] {
  const rows = realRows(alias).rows.filter((r) => r.slice(0, 10) > CUT).slice(0, count);
  appendFileSync(path.join(dir, `${alias}.csv`), rows.join('\n') + '\n');
  return rows.map((r) => r.slice(0, 10));
}

describe('smartTraining: the performance reason and force', () => {
  it('a champion breaching a skill rule on its live sessions is due with the breach as its reason; force retrains every symbol whatever the policy says', async () => {
    const dataDir = tempDir('stockflow-smart-training-');
    const pricesDir = path.join(dataDir, 'source');
    mkdirSync(pricesDir, { recursive: true });
    for (const alias of Object.keys(REAL)) writeCut(pricesDir, alias);
    let clock = new Date('2026-11-22T07:00:00Z'); // a Sunday
    const deps = testDeps({ dataDir, pricesDir, symbols: Object.keys(REAL), now: () => clock, retrainCooldownHours: 24 });
    const attempts = (symbol: string) => deps.history.retrainAttemptHistory(symbol);

    await withWorkers(deps, async ({ client, taskQueue }) => {
      const smartTraining = async (input: { force?: boolean }) =>
        await (await startPipeline(client, 'smartTraining', input, { taskQueue, runKey: randomUUID() })).result() as SmartTrainingResult;

      const trained = await (await startPipeline(client, 'trainSymbols', { symbols: Object.keys(REAL), quick: true }, { taskQueue })).result() as BatchRetrainResult;
      expect(trained).toMatchObject({ promoted: 2, failed: 0 });
      const sabotaged = sabotageChampion(deps.registry, SABOTAGED);
      const liveDays = Object.keys(REAL).map((alias) => appendLiveSessions(pricesDir, alias, LIVE_SESSIONS));
      expect(liveDays.map((days) => days.length)).toEqual([LIVE_SESSIONS, LIVE_SESSIONS]);

      // Two days on: past the cooldown, both models 2 days old (within the 7-day limit), 25 live sessions each.
      clock = new Date('2026-11-24T07:00:00Z');
      const weekly = await smartTraining({});
      expect(weekly.due.map((d) => d.symbol)).toEqual([SABOTAGED]);
      const reasons = weekly.due[0]?.reasons;
      expect(reasons?.length, JSON.stringify(reasons)).toBeGreaterThan(0);
      for (const reason of reasons!) expect(reason).toMatch(SKILL_BREACH);
      expect(weekly).toMatchObject({ notDue: [HONEST], retrainsRefused: [], requested: 1, failed: 0 });
      expect(weekly.outcomes.map((o) => [o.symbol, o.status])).toEqual([[SABOTAGED, 'done']]);
      // The retrain carries the breach as its reason, trained on the live sessions too, and replaced the sabotaged champion.
      expect(attempts(SABOTAGED).at(-1)).toMatchObject({ reason: `scheduled: ${reasons?.join('; ')}`, lastBar: liveDays[0]?.at(-1) });
      expect(weekly.outcomes[0]?.result).toMatchObject({ championBefore: sabotaged, promoted: true });
      expect(deps.registry.getChampion(SABOTAGED)?.version).toBe(weekly.outcomes[0]?.result?.challengerVersion);
      expect(attempts(HONEST)).toHaveLength(1);

      // Now nothing is due, and the policy would refuse the symbol just retrained (no new data, cooldown).
      const quiet = await smartTraining({});
      expect(quiet).toMatchObject({ due: [], requested: 0, notDue: [SABOTAGED, HONEST] });
      expect(await retrainPolicyVerdict(deps, { symbol: SABOTAGED, force: false })).toMatchObject({ allowed: false, state: 'no-new-data' });

      const forced = await smartTraining({ force: true });
      expect(forced.due).toEqual([{ symbol: SABOTAGED, reasons: ['forced'] }, { symbol: HONEST, reasons: ['forced'] }]);
      expect(forced).toMatchObject({ notDue: [], retrainsRefused: [], requested: 2, failed: 0 });
      expect(forced.outcomes.map((o) => [o.symbol, o.status])).toEqual([[SABOTAGED, 'done'], [HONEST, 'done']]);
    });
    // Every retrain is on record: the first training, the breach's retrain (sabotaged only), the forced one.
    expect(attempts(SABOTAGED).map((a) => a.reason)).toEqual([expect.any(String), expect.stringMatching(/^scheduled: (error-vs-persistence|direction-vs-naive|brier-vs-base-rate|skill-drop): /), 'scheduled: forced']);
    expect(attempts(HONEST).map((a) => a.reason)).toEqual([expect.any(String), 'scheduled: forced']);
    expect([...attempts(SABOTAGED), ...attempts(HONEST)].every((a) => a.outcome === 'promoted' || a.outcome === 'kept')).toBe(true);
  }, SLOW_TEST_MS);
});
