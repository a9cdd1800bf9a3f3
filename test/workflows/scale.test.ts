/**
 * Temporal's limits at 500 symbols: monitorAll and refreshPrices over 500 synthetic symbols
 * (no champions, so each symbol is quick) keep every history — theirs and their children's —
 * under 10,000 events and every payload under 512 KB (Temporal warns at 10K events / 512 KB
 * and fails a run at 50K events / 2 MB).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startPipeline } from '../../client/index.js';
import type { MonitorAllResult, RefreshPricesResult } from '../../common/wire/index.js';
import { PriceCache, SyntheticPriceSource } from '../../domain/prices/index.js';
import { testDeps } from '../helpers/deps.js';
import { tempDir } from '../helpers/temp-dir.js';
import { withWorkers } from '../helpers/temporal.js';
import { scaled } from '../helpers/timeouts.js';
import { historySizes } from '../helpers/history-size.js';

const SYMBOL_COUNT = 500;
const MAX_EVENTS = 10_000;
const MAX_PAYLOAD_BYTES = 512 * 1024;

/** S000 … S499: valid tickers, each its own synthetic path. */
const symbols = Array.from({ length: SYMBOL_COUNT }, (_, i) => `S${String(i).padStart(3, '0')}`);

describe('500 symbols stay within Temporal history limits', () => {
  it('monitorAll and refreshPrices: under 10,000 events and 512 KB per payload, children included', async () => {
    const dataDir = tempDir('stockflow-scale-');
    const source = new SyntheticPriceSource({ days: 300 });
    const deps = testDeps({
      dataDir, symbols,
      priceCache: new PriceCache({ dir: path.join(dataDir, 'prices'), source, logger: { warn: () => undefined } }),
      sourceName: source.name,
    });
    await withWorkers(deps, async ({ client, taskQueue }) => {
      const refresh = await startPipeline(client, 'refreshPrices', {}, { taskQueue });
      const refreshed = await refresh.result() as RefreshPricesResult;
      expect(refreshed).toMatchObject({ succeeded: SYMBOL_COUNT, failed: 0 });
      expect(await deps.priceCache.lastDate('S499')).toBe('2025-06-30');

      const monitor = await startPipeline(client, 'monitorAll', {}, { taskQueue });
      const result = await monitor.result() as MonitorAllResult;
      // Every symbol was assessed (none has a champion) and the run says so compactly.
      expect(result.reportId).toBeTruthy();
      expect(deps.history.incidents({ status: 'open', limit: 10_000 }).filter((i) => i.rule === 'no-champion')).toHaveLength(SYMBOL_COUNT);

      for (const handle of [refresh, monitor]) {
        const sizes = await historySizes(client, handle.workflowId);
        console.log(JSON.stringify(sizes.map((s) => ({ ...s }))));
        for (const size of sizes) {
          expect(size.events, `${size.workflowId}: history events`).toBeLessThan(MAX_EVENTS);
          expect(size.largestPayloadBytes, `${size.workflowId}: largest payload (${size.largestPayloadEvent})`).toBeLessThan(MAX_PAYLOAD_BYTES);
        }
      }
    });
  }, scaled(600_000));
});
