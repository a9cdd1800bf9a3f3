/**
 * The judgement replay (issue 9), as an operator's schedule would see it: a csv source starts as a
 * copy of the real prices cut at an earlier date, real sessions are appended in chunks, and
 * monitorAll runs after each chunk on the real dev server with real (quickly) trained models.
 * It writes the per-run table (live n, incidents opened/resolved, retrains) to
 * test-artifacts/judgement-replay.md.
 */
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../../apps/api/index.js';
import { startPipeline } from '../../../client/index.js';
import type { BatchRetrainResult, MonitorAllResult } from '../../../common/wire/index.js';
import { nextTradingDay } from '../../../domain/market-hours/index.js';
import { testDeps } from '../../helpers/deps.js';
import { PRICES_DIR, REPO_ROOT } from '../../helpers/paths.js';
import { sabotageChampion } from '../../helpers/sabotage.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { scaled } from '../../helpers/timeouts.js';
import { withWorkers } from '../../helpers/temporal.js';
import { assessmentsInHistory } from '../../helpers/monitor-history.js';

const CUT = '2024-06-28';
const CHUNK = 10;
const CHUNKS = 12;
// Three quick trainings and 14 monitoring runs: longer than the default test timeout.
/** Tickers no other test file uses (workflow ids are per symbol on the shared test server). */
const HONEST = 'SPY.RJ';
const SABOTAGED = 'MSFT.RJ';
const REAL: Record<string, string> = { [HONEST]: 'SPY', [SABOTAGED]: 'MSFT' };
const PERFORMANCE_RULES = ['error-vs-persistence', 'direction-vs-naive', 'brier-vs-base-rate', 'skill-drop', 'absolute-threshold'];
/** Evening of a session, New York: its close has passed. */
const eveningOf = (day: string) => new Date(`${day}T22:30:00Z`);

function realRows(alias: string): string[] {
  return readFileSync(path.join(PRICES_DIR, `${REAL[alias]}.csv`), 'utf8').trim().split('\n');
}

function writeCut(dir: string, alias: string): void {
  const [header, ...rows] = realRows(alias);
  writeFileSync(path.join(dir, `${alias}.csv`), [header, ...rows.filter((r) => r.slice(0, 10) <= CUT)].join('\n') + '\n');
}

function appendAfter(dir: string, alias: string, after: string, count: number): string[] {
  const rows = realRows(alias).slice(1).filter((r) => r.slice(0, 10) > after).slice(0, count);
  appendFileSync(path.join(dir, `${alias}.csv`), rows.join('\n') + '\n');
  return rows.map((r) => r.slice(0, 10));
}

/** The NYSE session `count` sessions after `day` (the calendar the freshness check uses). */
function addSessions(day: string, count: number): string {
  let d = day;
  for (let i = 0; i < count; i++) d = nextTradingDay(d);
  return d;
}

describe('judgement replay: real sessions in chunks, monitorAll after each', () => {
  it('stays quiet about an honest champion, catches a sabotaged one within 30 sessions and retrains it once; stale data degrades /health with one incident', async () => {
    const dataDir = tempDir('stockflow-replay-');
    const pricesDir = path.join(dataDir, 'source');
    mkdirSync(pricesDir, { recursive: true });
    for (const alias of Object.keys(REAL)) writeCut(pricesDir, alias);
    let now = eveningOf(CUT);
    const deps = testDeps({
      dataDir, pricesDir, symbols: Object.keys(REAL), now: () => now, retrainCooldownHours: 24,
      // The shared test machine is often busy: the host's health is not what this replay is about.
      healthLimits: { maxLoadPerCore: Number.POSITIVE_INFINITY, maxMemoryUsedFraction: 1, minDiskFreeFraction: 0 },
    });

    await withWorkers(deps, async ({ client, taskQueue }) => {
      const trained = await (await startPipeline(client, 'trainSymbols', { symbols: Object.keys(REAL), quick: true }, { taskQueue })).result() as BatchRetrainResult;
      expect(trained).toMatchObject({ promoted: 2, failed: 0 });
      const sabotagedVersion = sabotageChampion(deps.registry, SABOTAGED);

      const rows: string[] = [];
      const retrains: Record<string, number> = { [HONEST]: 0, [SABOTAGED]: 0 };
      let detectedAtLiveN: number | null = null;
      const examples: string[] = [];
      let after = CUT;
      for (let run = 1; run <= CHUNKS; run++) {
        const previous = after;
        for (const alias of Object.keys(REAL)) after = appendAfter(pricesDir, alias, previous, CHUNK).at(-1) ?? after;
        now = eveningOf(after);
        const monitorRun = await startPipeline(client, 'monitorAll', {}, { taskQueue, runKey: `replay-${run}` });
        const result = await monitorRun.result() as MonitorAllResult;
        // The full assessments stay in the run's history; the result lists only the symbols needing attention.
        const assessments = await assessmentsInHistory(client, monitorRun.workflowId);
        for (const symbol of result.retrainsStarted) {
          retrains[symbol]!++;
          await client.workflow.getHandle(`retrain-${symbol}`).result();
        }
        const byRule = (symbol: string) => assessments.find((a) => a.symbol === symbol)?.skill?.breached ?? [];
        if (detectedAtLiveN === null && byRule(SABOTAGED).length > 0) {
          const sabotaged = assessments.find((a) => a.symbol === SABOTAGED);
          detectedAtLiveN = sabotaged?.live?.n ?? null;
          examples.push(`${SABOTAGED}, run ${run}: ${(sabotaged?.skill?.tests ?? []).map((t) => `${t.rule} ${t.breach ? 'BREACH' : 'ok'}: ${t.detail}, Holm-adjusted p=${t.adjustedPValue?.toFixed(4)}`).join('; ')}`);
        }
        if (run === CHUNKS) {
          const honest = assessments.find((a) => a.symbol === HONEST);
          examples.push(`${HONEST}, run ${run}: ${honest?.skill?.note ?? (honest?.skill?.tests ?? []).map((t) => `${t.rule} ${t.breach ? 'BREACH' : 'ok'}: ${t.detail}, Holm-adjusted p=${t.adjustedPValue?.toFixed(4)}`).join('; ')}`);
        }
        const liveN = (symbol: string) => assessments.find((a) => a.symbol === symbol)?.live?.n ?? 0;
        rows.push(`| ${run} | ${after} | ${liveN(HONEST)} | ${byRule(HONEST).join(', ') || '—'} | ${liveN(SABOTAGED)} | ${byRule(SABOTAGED).join(', ') || '—'} | ${result.incidents.opened.length} | ${result.incidents.resolved.length} | ${result.retrainsStarted.join(', ') || '—'} |`);
      }

      const table = [
        `Judgement replay: ${HONEST} (honest champion) and ${SABOTAGED} (champion v${sabotagedVersion} sabotaged with a +3% bias), cut at ${CUT}, ${CHUNK} real sessions per run.`,
        '',
        `| run | data through | ${HONEST} live n | ${HONEST} breaches | ${SABOTAGED} live n | ${SABOTAGED} breaches | incidents opened | incidents resolved | retrains started |`,
        '|---|---|---|---|---|---|---|---|---|',
        ...rows,
        '',
        ...examples.map((e) => `- ${e}`),
        `- incidents after the last run: ${deps.history.incidents({ status: 'all' }).map((i) => `${i.symbol ?? 'system'} ${i.rule} ${i.status} ×${i.occurrences}`).join(', ') || 'none'}`,
      ].join('\n');
      mkdirSync(path.join(REPO_ROOT, 'test-artifacts'), { recursive: true });
      writeFileSync(path.join(REPO_ROOT, 'test-artifacts', 'judgement-replay.md'), `${table}\n`);
      console.log(table);

      const honestIncidents = deps.history.incidents({ status: 'all', symbol: HONEST }).filter((i) => PERFORMANCE_RULES.includes(i.rule));
      expect(honestIncidents, table).toEqual([]);
      expect(retrains[HONEST], table).toBe(0);
      expect(detectedAtLiveN, table).not.toBeNull();
      expect(detectedAtLiveN!, table).toBeLessThanOrEqual(30);
      expect(retrains[SABOTAGED], table).toBe(1);
      // The retrain replaced the sabotaged champion, and the incident it raised has been resolved since.
      expect(deps.registry.getChampion(SABOTAGED)?.version).not.toBe(sabotagedVersion);
      const sabotagedIncidents = deps.history.incidents({ status: 'all', symbol: SABOTAGED }).filter((i) => PERFORMANCE_RULES.includes(i.rule));
      expect(sabotagedIncidents.length, table).toBeGreaterThan(0);
      expect(sabotagedIncidents.every((i) => i.status === 'resolved'), table).toBe(true);
      expect(deps.history.incidents({ status: 'all' }).filter((i) => i.rule === 'freshness'), table).toEqual([]);

      // (e) No new sessions for two weeks: the data goes stale → one freshness incident per symbol, /health degraded.
      now = eveningOf(addSessions(after, CHUNK));
      const api = await buildApp({ registry: deps.registry, history: deps.history, priceCache: deps.priceCache, now: () => now, config: { symbols: Object.keys(REAL), thresholds: { maxModelAgeDays: 7, minDirectionAccuracy: null, maxMape: null, minConfidence: null, overrides: {} }, monitoring: { minLiveSessions: 20, staleAfterSessions: 1 } } }, { processMetrics: false });
      try {
        for (let run = 1; run <= 2; run++) await (await startPipeline(client, 'monitorAll', {}, { taskQueue, runKey: `replay-stale-${run}` })).result();
        const stale = deps.history.incidents({ status: 'open' }).filter((i) => i.rule === 'freshness');
        expect(stale.map((i) => [i.symbol, i.occurrences]).sort()).toEqual([[SABOTAGED, 2], [HONEST, 2]].sort());
        expect(stale[0]?.message).toMatch(/stale data, last bar \d{4}-\d{2}-\d{2}, 10 completed sessions behind/);
        const health = await api.inject({ method: 'GET', url: '/health' });
        expect(health.statusCode).toBe(200);
        expect(health.json()).toMatchObject({ status: 'degraded', reasons: expect.arrayContaining([expect.stringMatching(new RegExp(`^${HONEST.replace('.', '\\.')}: stale`))]) });
      } finally {
        await api.close();
      }
    });
  }, scaled(480_000));
});
