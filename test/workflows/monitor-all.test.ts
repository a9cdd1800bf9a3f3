import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../apps/api/index.js';
import { startPipeline } from '../../client/index.js';
import type { BatchRetrainResult, MonitorAllResult } from '../../common/wire/index.js';
import { testDeps } from '../helpers/deps.js';
import { appendRealSessions, appendZigZagSessions, writeTruncatedPrices } from '../helpers/price-files.js';
import { recordingServer } from '../helpers/recording-server.js';
import { tempDir } from '../helpers/temp-dir.js';
import { withWorkers } from '../helpers/temporal.js';
import { assessmentsInHistory } from '../helpers/monitor-history.js';

describe('monitorAll (real dev server, real worker, real models)', () => {
  it('retrains exactly the symbol whose live performance breaks a threshold, opens incidents and posts the webhook', async () => {
    const dataDir = tempDir('stockflow-monitor-');
    const pricesDir = path.join(dataDir, 'source');
    const trainedThrough = '2024-06-28';
    writeTruncatedPrices(pricesDir, 'MSFT', trainedThrough);
    writeTruncatedPrices(pricesDir, 'GOOGL', trainedThrough);
    const hook = await recordingServer();
    const thresholds = { maxModelAgeDays: 7, minDirectionAccuracy: 0.45, maxMape: 0.05, minConfidence: 0 };
    const deps = testDeps({
      dataDir, pricesDir, symbols: ['MSFT', 'GOOGL'], webhookUrl: hook.url,
      // Confidence is judged elsewhere; this test is about a MAPE breach and sample sizes.
      thresholdsFor: () => thresholds,
    });
    // The real prediction API over HTTP, for the API check (each configured symbol's forecast).
    const api = await buildApp({ registry: deps.registry, history: deps.history, config: { symbols: ['MSFT', 'GOOGL'], thresholds: { ...thresholds, overrides: {} } } }, { processMetrics: false });
    await api.listen({ host: '127.0.0.1', port: 0 });
    deps.apiBaseUrl = `http://127.0.0.1:${(api.server.address() as { port: number }).port}`;
    try {
      await withWorkers(deps, async ({ client, taskQueue }) => {
        const trained = await (await startPipeline(client, 'trainSymbols', { symbols: ['MSFT', 'GOOGL'], quick: true }, { taskQueue })).result() as BatchRetrainResult;
        expect(trained).toMatchObject({ requested: 2, promoted: 2, failed: 0 });

        // Live data arrives: MSFT's sessions are wild, GOOGL's are its real (calm) ones.
        appendZigZagSessions(pricesDir, 'MSFT', trainedThrough, 40);
        const googlDays = appendRealSessions(pricesDir, 'GOOGL', trainedThrough, 40);

        const run = await startPipeline(client, 'monitorAll', {}, { taskQueue });
        const result = await run.result() as MonitorAllResult;
        // The result is compact: counts and the one symbol needing attention; each full assessment is in the run's history.
        expect(result.counts).toMatchObject({ symbols: 2, withChampion: 2, breaching: 1, integrityProblems: 0, apiFailed: 0 });
        const problems = Object.fromEntries(result.attention.map((a) => [a.symbol, a.problems]));
        expect(problems.MSFT).toContainEqual(expect.stringMatching(/^MAPE \d+\.\d% > 5\.0% \(persistence \d+\.\d%, n=40\)$/));
        // GOOGL's calm sessions breach nothing; its data may be stale against today's calendar (the appended sessions are from 2024).
        expect((problems.GOOGL ?? []).filter((p) => !p.startsWith('stale: '))).toEqual([]);
        const assessments = await assessmentsInHistory(client, run.workflowId);
        expect(assessments.map((a) => a.symbol)).toEqual(['MSFT', 'GOOGL']);
        const msft = assessments.find((a) => a.symbol === 'MSFT')!;
        const googl = assessments.find((a) => a.symbol === 'GOOGL')!;
        expect(msft.live?.n).toBe(40);
        expect(msft.breaches).toContainEqual(expect.stringMatching(/^MAPE \d+\.\d% > 5\.0% \(persistence \d+\.\d%, n=40\)$/));
        expect(googl.live?.n).toBe(40);
        expect(googl.breaches).toEqual([]);
        // The refresh inside the run moved the served forecast on to the newest bar.
        expect(deps.history.latestPrediction('GOOGL')?.asOf).toBe(googlDays[googlDays.length - 1]);
        expect(result.retrainsStarted).toEqual(['MSFT']);
        expect(result.health.cpuCount).toBeGreaterThan(0);
        expect(result.api.baseUrl).toBe(deps.apiBaseUrl);
        expect(result.api).toMatchObject({ checked: 2, failed: [] });
        expect(result.api.successRate).toBe(1);
        expect(result.api.p50LatencyMs).toBeGreaterThan(0);

        const incidents = deps.history.incidents({ status: 'open' });
        const breached = incidents.filter((i) => i.rule === 'absolute-threshold');
        expect(breached.map((i) => i.symbol)).toEqual(['MSFT']);
        expect(breached[0]?.advice).toMatch(/^A retrain was started \(workflow retrain-MSFT\)/);
        expect(result.incidents.opened.sort()).toEqual(incidents.map((i) => i.id).sort());
        expect(result.incidents.webhookStatus).toBe(200);
        expect(hook.bodies).toHaveLength(1);
        expect(JSON.stringify(hook.bodies[0])).toMatch(/MSFT v1: MAPE/);
        expect(deps.history.liveScoreHistory('MSFT')).toHaveLength(1);
        const reports = deps.history.listReports({});
        expect(reports.map((r) => r.kind)).toEqual(['monitor']);
        expect(reports[0]?.summary).toMatchObject({ health: { cpuCount: result.health.cpuCount }, api: { baseUrl: deps.apiBaseUrl, successRate: 1, checks: 2 }, incidents: { opened: result.incidents.opened.length, updated: 0, resolved: 0 } });

        // The retrain it started runs on its own (abandoned by the parent) and completes.
        const retrain = client.workflow.getHandle('retrain-MSFT');
        const retrained = await retrain.result();
        expect(retrained.reason).toMatch(/^monitoring: error-vs-persistence: MAPE .*; MAPE \d+\.\d% > 5\.0%/);
        expect(retrained.challengerVersion).toBe(2);
      });
    } finally {
      await hook.close();
      await api.close();
    }
  });

  it('does not judge a handful of live sessions', async () => {
    const dataDir = tempDir('stockflow-monitor-small-');
    const pricesDir = path.join(dataDir, 'source');
    writeTruncatedPrices(pricesDir, 'TSM', '2024-06-28');
    const deps = testDeps({ dataDir, pricesDir, symbols: ['TSM'], thresholdsFor: () => ({ maxModelAgeDays: 7, minDirectionAccuracy: 0.45, maxMape: 0.05, minConfidence: 0 }) });
    await withWorkers(deps, async ({ client, taskQueue }) => {
      await (await startPipeline(client, 'trainSymbols', { symbols: ['TSM'], quick: true }, { taskQueue })).result();
      appendZigZagSessions(pricesDir, 'TSM', '2024-06-28', 8);
      const run = await startPipeline(client, 'monitorAll', {}, { taskQueue });
      const result = await run.result() as MonitorAllResult;
      expect((await assessmentsInHistory(client, run.workflowId))[0]).toMatchObject({ symbol: 'TSM', breaches: [], note: 'only 8 live sessions (< 20)', skill: { n: 8, tests: [], breached: [] } });
      expect(result.counts).toMatchObject({ symbols: 1, withChampion: 1, breaching: 0 });
      expect(result.retrainsStarted).toEqual([]);
    });
  });

  it('alerts but does not retrain a symbol whose last retrain attempt is younger than the cooldown', async () => {
    const dataDir = tempDir('stockflow-monitor-cooldown-');
    const pricesDir = path.join(dataDir, 'source');
    writeTruncatedPrices(pricesDir, 'AAPL', '2024-06-28');
    const deps = testDeps({
      dataDir, pricesDir, symbols: ['AAPL'], retrainCooldownHours: 24,
      thresholdsFor: () => ({ maxModelAgeDays: 7, minDirectionAccuracy: 0.45, maxMape: 0.05, minConfidence: 0 }),
    });
    await withWorkers(deps, async ({ client, taskQueue }) => {
      await (await startPipeline(client, 'trainSymbols', { symbols: ['AAPL'], quick: true }, { taskQueue })).result();
      appendZigZagSessions(pricesDir, 'AAPL', '2024-06-28', 30);
      const run = await startPipeline(client, 'monitorAll', {}, { taskQueue });
      const result = await run.result() as MonitorAllResult;
      expect((await assessmentsInHistory(client, run.workflowId))[0]?.breaches.length).toBeGreaterThan(0);
      expect(result.attention.map((a) => a.symbol)).toEqual(['AAPL']);
      expect(result.retrainsStarted).toEqual([]);
      expect(result.retrainsRefused).toMatchObject([{ symbol: 'AAPL', allowed: false, state: 'cooldown', consecutiveRefusals: 0 }]);
      expect(result.retrainsRefused[0]?.reason).toMatch(/^cooldown: the last attempt \(promoted at .*, data through 2024-06-28\) started 0\.\d h ago \(< 24 h\)/);
      expect(deps.history.incidents({ status: 'open', symbol: 'AAPL' }).find((i) => i.rule === 'absolute-threshold')?.advice).toMatch(/^No automatic retrain: cooldown: /);
    });
  });
});
