/**
 * Temporal's limits at 500 symbols (issue 12 item 6): refreshPrices, monitorAll (with the real
 * prediction API checked), trainSymbols and smartTraining over 500 synthetic symbols keep every
 * history — theirs and their children's — under 10,000 events and every payload under 512 KB
 * (Temporal warns at 10K events / 512 KB and fails a run at 50K events / 2 MB). monitorAll covers
 * the case that once made reconcileIncidents' input 524.8 KB: no champion, stale data and no API everywhere.
 */
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../apps/api/index.js';
import { resultOfAllSymbolsFailed, startPipeline } from '../../client/index.js';
import type { BatchRetrainResult, MonitorAllResult, RefreshPricesResult } from '../../common/wire/index.js';
import { CsvPriceSource, PriceCache, SyntheticPriceSource } from '../../domain/prices/index.js';
import { testDeps } from '../helpers/deps.js';
import { historySizes } from '../helpers/history-size.js';
import { assessmentsInHistory } from '../helpers/monitor-history.js';
import { tempDir } from '../helpers/temp-dir.js';
import { withWorkers } from '../helpers/temporal.js';
import { scaled } from '../helpers/timeouts.js';

const SYMBOL_COUNT = 500;
const MAX_EVENTS = 10_000;
const MAX_PAYLOAD_BYTES = 512 * 1024;

/** S000 … S499: valid tickers, each its own synthetic path. */
const symbols = Array.from({ length: SYMBOL_COUNT }, (_, i) => `S${String(i).padStart(3, '0')}`);
const quiet = { warn: () => undefined };

/** Every history of the run and of its children within the limits; returns the sizes (printed for the record). */
async function expectWithinLimits(client: Client, workflowId: string): Promise<void> {
  const sizes = await historySizes(client, workflowId);
  console.log(JSON.stringify({ workflowId, runs: sizes.length, events: sizes[0]?.events, largest: Math.max(...sizes.map((s) => s.largestPayloadBytes)), parent: sizes[0] }));
  for (const size of sizes) {
    expect(size.events, `${size.workflowId}: history events`).toBeLessThan(MAX_EVENTS);
    expect(size.largestPayloadBytes, `${size.workflowId}: largest payload (${size.largestPayloadEvent})`).toBeLessThan(MAX_PAYLOAD_BYTES);
  }
}

describe('500 symbols stay within Temporal history limits', () => {
  it('refreshPrices and monitorAll with the API check on: under 10,000 events and 512 KB per payload', async () => {
    const dataDir = tempDir('stockflow-scale-');
    const source = new SyntheticPriceSource({ days: 300 });
    const deps = testDeps({
      dataDir, symbols,
      priceCache: new PriceCache({ dir: path.join(dataDir, 'prices'), source, logger: quiet }),
      sourceName: source.name,
    });
    // The real prediction API over HTTP: monitorAll checks every symbol's forecast (a 404 each: no champions).
    const thresholds = { maxModelAgeDays: 7, minDirectionAccuracy: null, maxMape: null, minConfidence: null };
    const api = await buildApp({ registry: deps.registry, history: deps.history, config: { symbols, thresholds: { ...thresholds, overrides: {} } } }, { processMetrics: false });
    await api.listen({ host: '127.0.0.1', port: 0 });
    deps.apiBaseUrl = `http://127.0.0.1:${(api.server.address() as { port: number }).port}`;
    let apiClosed = false;
    try {
      await withWorkers(deps, async ({ client, taskQueue }) => {
        const refresh = await startPipeline(client, 'refreshPrices', {}, { taskQueue });
        const refreshed = await refresh.result() as RefreshPricesResult;
        expect(refreshed).toMatchObject({ succeeded: SYMBOL_COUNT, failed: 0 });
        expect(await deps.priceCache.lastDate('S499')).toBe('2025-06-30');

        const monitor = await startPipeline(client, 'monitorAll', {}, { taskQueue });
        const result = await monitor.result() as MonitorAllResult;
        // Every symbol was checked and assessed (none has a champion); the result says so compactly.
        expect(result.api).toMatchObject({ baseUrl: deps.apiBaseUrl, checked: SYMBOL_COUNT });
        expect(result.counts).toMatchObject({ symbols: SYMBOL_COUNT, withChampion: 0 });
        expect(result.attention).toHaveLength(SYMBOL_COUNT);
        expect(result.reportId).toBeTruthy();
        expect(await assessmentsInHistory(client, monitor.workflowId)).toHaveLength(SYMBOL_COUNT);
        // The case that once made reconcileIncidents' input 524.8 KB: two conditions per symbol (no champion, and
        // stale data — the synthetic bars end 2025-06-30), each incident stored with its advice built by the activity.
        const open = deps.history.incidents({ status: 'open', limit: 10_000 });
        const noChampion = open.filter((i) => i.rule === 'no-champion');
        const stale = open.filter((i) => i.rule === 'freshness' && i.details.state === 'stale');
        expect(noChampion).toHaveLength(SYMBOL_COUNT);
        expect(stale).toHaveLength(SYMBOL_COUNT);
        expect(noChampion[0]?.advice).toMatch(/^Train one with `stockflow train S\d{3}`/);
        expect(stale[0]?.advice).toMatch(/^The source has no newer sessions/);

        // With the API down as well, every symbol adds a third condition (no answer: status null, an error
        // message each) — 1,500 conditions, the bench:scale case whose reconcileIncidents input was 524.8 KB.
        await api.close();
        apiClosed = true;
        const unreachable = await startPipeline(client, 'monitorAll', {}, { taskQueue });
        await unreachable.result();
        const apiDown = deps.history.incidents({ status: 'open', limit: 10_000 }).filter((i) => i.rule === 'api');
        expect(apiDown).toHaveLength(SYMBOL_COUNT);
        expect(apiDown[0]?.advice).toMatch(/^The API at http:\/\/127\.0\.0\.1:\d+ did not answer/);

        for (const handle of [refresh, monitor, unreachable]) await expectWithinLimits(client, handle.workflowId);
      });
    } finally {
      if (!apiClosed) await api.close();
    }
  }, scaled(900_000));

  it('trainSymbols and smartTraining fan out 500 real retrain children (each fails at its price refresh: no source has the tickers)', async () => {
    const dataDir = tempDir('stockflow-scale-train-');
    // An empty CSV directory: every child retrain runs and fails fast at fetchPrices, so the fan-out is real without 500 trainings.
    const source = new CsvPriceSource({ dir: tempDir('stockflow-scale-empty-') });
    const deps = testDeps({
      dataDir, symbols, retrainConcurrency: 25,
      priceCache: new PriceCache({ dir: path.join(dataDir, 'prices'), source, logger: quiet }),
      sourceName: source.name,
    });
    await withWorkers(deps, async ({ client, taskQueue }) => {
      // smartTraining forced: unforced, its retrain policy rightly refuses symbols that have no prices at all.
      for (const kind of ['smartTraining', 'trainSymbols'] as const) {
        const handle = await startPipeline(client, kind, kind === 'trainSymbols' ? { quick: true } : { force: true }, { taskQueue });
        const failure = await handle.result().then(() => null, (err: unknown) => err);
        const batch = resultOfAllSymbolsFailed<BatchRetrainResult>(failure);
        expect(batch, `${kind}: every child failed`).toMatchObject({ requested: SYMBOL_COUNT, failed: SYMBOL_COUNT });
        await expectWithinLimits(client, handle.workflowId);
      }
    }, { trainingConcurrency: 1 });
  }, scaled(1_800_000));
});
