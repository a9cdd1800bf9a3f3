/**
 * Issue 9 test (d) on the real dev server: five monitorAll runs with the same failure make one
 * open incident per symbol with count 5 and one webhook POST; when the condition clears the
 * incidents resolve with one more POST.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startPipeline } from '../../client/index.js';
import { workflowIds } from '../../common/constants.js';
import type { MonitorAllResult } from '../../common/wire/index.js';
import { testDeps } from '../helpers/deps.js';
import { writeTruncatedPrices } from '../helpers/price-files.js';
import { recordingServer } from '../helpers/recording-server.js';
import { tempDir } from '../helpers/temp-dir.js';
import { withWorkers } from '../helpers/temporal.js';
import { assessmentsInHistory } from '../helpers/monitor-history.js';

/** The stand-in prediction API: answers the API's error shape while failing. */
const apiAnswer = (status: number) => (status >= 400 ? { error: { code: 'internal', message: 'model store unreadable' } } : { ok: true });

describe('monitorAll incidents (real dev server, real worker)', () => {
  it('five runs with a failing API → one open incident per symbol, count 5, one POST; API healthy again → resolved, one more POST', async () => {
    const dataDir = tempDir('stockflow-monitor-incidents-');
    const pricesDir = path.join(dataDir, 'source');
    const symbols = ['SMR', 'MP'];
    for (const s of symbols) writeTruncatedPrices(pricesDir, s, '2024-06-28');
    const api = await recordingServer(apiAnswer);
    const hook = await recordingServer();
    api.status = 500;
    const deps = testDeps({
      dataDir, pricesDir, symbols, apiBaseUrl: api.url, webhookUrl: `${hook.url}/hook`,
      // As of the evening of the last cached session (a clock that moves a second per reading): the
      // data stays fresh, so only the API's condition changes between runs.
      now: (() => {
        let ticks = 0;
        return () => new Date(Date.parse('2024-06-28T22:00:00Z') + 1000 * ticks++);
      })(),
      // The shared test machine is often busy: the host's health must not open incidents here.
      healthLimits: { maxLoadPerCore: Number.POSITIVE_INFINITY, maxMemoryUsedFraction: 1, minDiskFreeFraction: 0 },
    });
    try {
      await withWorkers(deps, async ({ client, taskQueue }) => {
        const firstRun = `monitor-incidents-${randomUUID()}`;
        const monitor = async (runKey: string = randomUUID()) => (await startPipeline(client, 'monitorAll', {}, { taskQueue, runKey })).result() as Promise<MonitorAllResult>;
        const runs: MonitorAllResult[] = [];
        runs.push(await monitor(firstRun));
        for (let i = 1; i < 5; i++) runs.push(await monitor());

        // No champion: nothing judged, nothing retrained; only the API check fails.
        expect((await assessmentsInHistory(client, workflowIds.monitorAll(firstRun))).map((a) => [a.symbol, a.note])).toEqual([['SMR', 'no champion model yet'], ['MP', 'no champion model yet']]);
        expect(runs[0]?.attention.map((a) => [a.symbol, a.championVersion])).toEqual([['SMR', null], ['MP', null]]);
        for (const a of runs[0]?.attention ?? []) expect(a.problems).toEqual(expect.arrayContaining(['no champion', 'API: HTTP 500: model store unreadable']));
        expect(runs.flatMap((r) => r.retrainsStarted)).toEqual([]);
        expect(runs[0]?.api.failed.map((c) => [c.symbol, c.ok, c.status])).toEqual([['SMR', false, 500], ['MP', false, 500]]);
        expect(api.requests.map((r) => r.url)).toEqual(Array.from({ length: 5 }, () => ['/predict/SMR', '/predict/MP']).flat());

        const allOpen = deps.history.incidents({ status: 'open' });
        const open = allOpen.filter((i) => i.rule === 'api');
        expect(open.map((i) => [i.symbol, i.rule, i.severity, i.occurrences]).sort()).toEqual([['MP', 'api', 'warning', 5], ['SMR', 'api', 'warning', 5]]);
        // Without a champion no forecast is served: one 'no-champion' incident each, open all along.
        const noChampion = allOpen.filter((i) => i.rule === 'no-champion');
        expect(noChampion.map((i) => [i.symbol, i.occurrences]).sort()).toEqual([['MP', 5], ['SMR', 5]]);
        expect(noChampion[0]?.advice).toMatch(/^Train one with `stockflow train (MP|SMR)`/);
        for (const i of open) {
          expect(i.message).toBe(`prediction API failed for ${i.symbol}: HTTP 500: model store unreadable`);
          expect(i.advice).toMatch(/^The API failed serving \w+ \(HTTP 500\): read the API process log/);
          expect(i.firstSeen < i.lastSeen).toBe(true);
        }
        expect(runs[0]?.incidents.opened.sort()).toEqual(allOpen.map((i) => i.id).sort());
        expect(runs[0]?.incidents.webhookStatus).toBe(200);
        for (const r of runs.slice(1)) {
          expect(r.incidents).toMatchObject({ opened: [], resolved: [], webhookStatus: null });
          expect(r.incidents.updated.sort()).toEqual(allOpen.map((i) => i.id).sort());
        }
        expect(hook.requests).toHaveLength(1);
        const first = JSON.parse(hook.requests[0]!.body) as { text: string; blocks: Array<{ text: { text: string } }> };
        expect(first.text).toBe('stockflow: 4 incidents opened');
        expect(first.blocks.slice(1).map((b) => b.text.text).join('\n')).toMatch(/\*opened\* #\d+ SMR · api: .*\n\*What to do:\* The API failed serving SMR/);

        api.status = 200;
        const healed = await monitor();
        expect(healed.api.successRate).toBe(1);
        expect(healed.incidents.resolved.sort()).toEqual(open.map((i) => i.id).sort());
        expect(healed.incidents.webhookStatus).toBe(200);
        expect(deps.history.incidents({ status: 'open' }).map((i) => i.id).sort()).toEqual(noChampion.map((i) => i.id).sort());
        expect(deps.history.incidents({ status: 'resolved' }).map((i) => i.occurrences)).toEqual([5, 5]);
        expect(hook.requests).toHaveLength(2);
        expect((JSON.parse(hook.requests[1]!.body) as { text: string }).text).toBe('stockflow: 2 resolved');

        // A quiet run after that posts nothing.
        const quiet = await monitor();
        expect(quiet.incidents).toMatchObject({ opened: [], resolved: [], webhookStatus: null });
        expect([...quiet.incidents.updated].sort()).toEqual(noChampion.map((i) => i.id).sort());
        expect(hook.requests).toHaveLength(2);
        const reports = deps.history.listReports({ kind: 'monitor' });
        expect(reports.map((r) => r.summary.incidents)).toEqual([
          { opened: 0, updated: 2, resolved: 0 }, { opened: 0, updated: 2, resolved: 2 },
          ...Array.from({ length: 4 }, () => ({ opened: 0, updated: 4, resolved: 0 })), { opened: 4, updated: 0, resolved: 0 },
        ]);
      });
    } finally {
      await api.close();
      await hook.close();
    }
  });
});
