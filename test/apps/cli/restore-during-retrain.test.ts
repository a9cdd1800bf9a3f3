/**
 * `stockflow restore` (a real CLI process) says when a retrain of the symbol is running: it
 * describes `retrain-SYMBOL` through Temporal and warns that the retrain will keep the
 * restored champion; with no retrain running it says nothing of the kind.
 */
import path from 'node:path';
import { describe, expect, it, inject } from 'vitest';
import { startRetrainSymbol } from '../../../client/index.js';
import { HistoryStore, historyFile } from '../../../domain/history/index.js';
import { ModelRegistry } from '../../../domain/registry/index.js';
import { makeArtifact } from '../../domain/registry/helpers.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { testClient } from '../../helpers/temporal.js';
import { runCli } from './helpers.js';

describe('stockflow restore while a retrain runs', () => {
  it('names the running retrain, and is silent about it once none runs', async () => {
    const dataDir = tempDir('stockflow-cli-restore-retrain-');
    const symbol = 'RST.CLI';
    const registry = new ModelRegistry({ root: path.join(dataDir, 'models') });
    registry.saveVersion(symbol, makeArtifact(symbol, 1));
    registry.saveVersion(symbol, makeArtifact(symbol, 2));
    registry.restore(symbol, 2, 'test: v2 champion');
    // Before each restore, the served forecast is made the restored version's, so the CLI does
    // not need a worker to recompute it: this test is only about the retrain check.
    const sessions = ['2025-06-26', '2025-06-27', '2025-06-30'];
    const serve = (modelVersion: number) => {
      const history = HistoryStore.open({ file: historyFile(dataDir) });
      history.addPrediction({ symbol, asOf: sessions.shift()!, forecastClose: 101, lastClose: 100, direction: 'up', confidence: 0.6, modelVersion });
      history.close();
    };
    const env = {
      TEMPORAL_ADDRESS: inject('temporalAddress'), STOCKFLOW_DATA_DIR: dataDir, STOCKFLOW_SYMBOLS: symbol,
      STOCKFLOW_PRICE_SOURCE: 'synthetic', STOCKFLOW_CONFIG: '',
    };

    const client = await testClient();
    try {
      // A retrain that no worker picks up (its queue is not polled) stays RUNNING.
      const run = await startRetrainSymbol(client, { symbol, reason: 'test: running during restore' }, { taskQueue: `idle-${Date.now()}` });
      if (run.status !== 'started') throw new Error('not started');
      try {
        serve(1);
        const during = await runCli(['restore', symbol, '--version', '1', '--json'], env);
        expect(during.code, during.stderr).toBe(0);
        expect(during.json<{ retrainRunning: { workflowId: string; runId: string } | null }>().retrainRunning)
          .toEqual(expect.objectContaining({ workflowId: `retrain-${symbol}`, runId: (await run.handle.describe()).runId }));
        expect(registry.getChampion(symbol)?.version).toBe(1);
        serve(2);
        const text = await runCli(['restore', symbol, '--version', '2'], env);
        expect(text.code, text.stderr).toBe(0);
        expect(text.stdout).toMatch(new RegExp(`note: a retrain of ${symbol.replace('.', '\\.')} is running \\(retrain-${symbol.replace('.', '\\.')}, started .*it will keep v2 instead of promoting it`));
      } finally {
        await run.handle.terminate('test over');
      }
      serve(1);
      const after = await runCli(['restore', symbol, '--version', '1', '--json'], env);
      expect(after.code, after.stderr).toBe(0);
      expect(after.json<{ retrainRunning: unknown }>().retrainRunning).toBeNull();
    } finally {
      await client.connection.close();
    }
  });
});
