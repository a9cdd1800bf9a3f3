/**
 * `stockflow restore SYMBOL --backup ID` as an operator runs it (real CLI processes) against real
 * workers on the shared dev server: the backups are listed by `restore --list --json`, one is
 * restored by its id, and the champion, the served forecast and the audit log show it.
 */
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { startRetrainSymbol } from '../../../client/index.js';
import type { RetrainSymbolResult } from '../../../common/wire/index.js';
import { testDeps } from '../../helpers/deps.js';
import { writeAliasedPrices } from '../../helpers/price-files.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { withWorkers } from '../../helpers/temporal.js';
import { scaled } from '../../helpers/timeouts.js';
import { runCli, writeTestConfig } from './helpers.js';

/** Two trainings, a forecast refresh and five CLI processes on a shared, busy machine (36 s on a loaded 2-core one). */
const SLOW_TEST_MS = scaled(240_000);

interface Listed {
  versions: Array<{ version: number; isChampion: boolean; healthy: boolean }>;
  backups: Array<{ id: string; version: number; reason: string; at: string }>;
}

describe('stockflow restore --backup ID', () => {
  it('restores a listed backup by id: the champion, the served forecast and the audit log show it; an unknown id exits 4', async () => {
    const dataDir = tempDir('stockflow-cli-restore-backup-');
    // A ticker no other test uses: retrain workflow ids are per symbol on the shared server.
    const symbol = 'TSLA.RB';
    const pricesDir = writeAliasedPrices(path.join(dataDir, 'source'), { [symbol]: 'TSLA' });
    // margin 1: the second training is promoted, so the restore really moves the pointer back.
    const deps = testDeps({
      dataDir, pricesDir, symbols: [symbol], training: { epochs: 2, quickEpochs: 2, seed: 7, evalDays: 40 },
      promotion: { margin: 1, checkBaseline: false },
    });
    await withWorkers(deps, async ({ client, taskQueue }) => {
      const env = {
        TEMPORAL_ADDRESS: inject('temporalAddress'), STOCKFLOW_TASK_QUEUE: taskQueue, STOCKFLOW_DATA_DIR: dataDir,
        STOCKFLOW_PRICE_SOURCE: `csv:${pricesDir}`, STOCKFLOW_SYMBOLS: symbol, STOCKFLOW_CONFIG: writeTestConfig(dataDir),
      };
      const retrain = async (reason: string) => {
        const run = await startRetrainSymbol(client, { symbol, reason, quick: true }, { taskQueue });
        if (run.status !== 'started') throw new Error('not started');
        return await run.handle.result() as RetrainSymbolResult;
      };

      // v1; the operator backs it up; a retrain (which backs v1 up again first) promotes v2.
      expect(await retrain('test: first model')).toMatchObject({ championAfter: 1, promoted: true });
      const backup = await runCli(['backup', symbol, '--reason', 'before the experiment', '--json'], env);
      expect(backup.code, backup.stderr).toBe(0);
      const [manual] = backup.json<{ backups: Array<{ version: number; backupId: string }> }>().backups;
      expect(manual?.version).toBe(1);
      expect(await retrain('test: second model')).toMatchObject({ championBefore: 1, championAfter: 2, promoted: true, backupId: expect.any(String) });
      expect(deps.history.latestPrediction(symbol)?.modelVersion).toBe(2);

      const list = await runCli(['restore', symbol, '--list', '--json'], env);
      expect(list.code, list.stderr).toBe(0);
      const listed = list.json<Listed>();
      expect(listed.versions.map((v) => [v.version, v.isChampion, v.healthy])).toEqual([[1, false, true], [2, true, true]]);
      expect(listed.backups).toHaveLength(2);
      expect(listed.backups.find((b) => b.id === manual?.backupId)).toMatchObject({ version: 1, reason: 'before the experiment' });
      expect(listed.backups.find((b) => b.id !== manual?.backupId)).toMatchObject({ version: 1, reason: 'before retrain (test: second model)' });
      expect(listed.backups.map((b) => b.id)).toEqual(deps.registry.listBackups(symbol).map((b) => b.id));

      const restore = await runCli(['restore', symbol, '--backup', manual!.backupId, '--json'], env);
      expect(restore.code, restore.stderr).toBe(0);
      expect(restore.json()).toMatchObject({
        symbol, backupId: manual?.backupId, version: 1, imported: false, retrainRunning: null,
        change: { action: 'restore', from: 2, to: 1, changed: true },
      });
      expect(deps.registry.getChampion(symbol)?.version).toBe(1);
      expect(deps.registry.checkChampion(symbol)).toEqual({ pointer: expect.objectContaining({ version: 1 }) });
      // The audit log's last line is this restore, naming the backup; nothing else was added.
      const audit = deps.registry.auditLog(symbol);
      expect(audit.malformedLines).toEqual([]);
      expect(audit.entries.map((e) => `${e.action}:${e.from}->${e.to}`)).toEqual(['promote:null->1', 'promote:1->2', 'restore:2->1']);
      expect(audit.entries.at(-1)).toMatchObject({ action: 'restore', backupId: manual?.backupId, reason: expect.stringContaining(manual!.backupId) });
      // The served forecast was recomputed with the restored champion (refreshPrices through the worker).
      expect(deps.history.latestPrediction(symbol)?.modelVersion).toBe(1);

      const after = (await runCli(['restore', symbol, '--list', '--json'], env)).json<Listed>();
      expect(after.versions.map((v) => [v.version, v.isChampion])).toEqual([[1, true], [2, false]]);

      const unknown = await runCli(['restore', symbol, '--backup', '20990101T000000000Z-v9'], env);
      expect(unknown.code).toBe(4);
      expect(unknown.stderr).toMatch(/^stockflow: .*TSLA\.RB.*backup "20990101T000000000Z-v9"/m);
      expect(deps.registry.getChampion(symbol)?.version).toBe(1);
    });
  }, SLOW_TEST_MS);
});
