import { existsSync, readFileSync, utimesSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startPipeline } from '../../client';
import type { BatchRetrainResult, CleanupResult, MonthlyComprehensiveResult, SmartTrainingResult } from '../../common/wire';
import { testDeps } from '../helpers/deps';
import { tempDir } from '../helpers/temp-dir';
import { withWorkers } from '../helpers/temporal';

describe('smartTraining, monthlyComprehensive and dailyCleanup (real dev server, real worker)', () => {
  it('weekly run retrains only what is due; monthly retrains all and writes a report; cleanup applies retention', async () => {
    const dataDir = tempDir('stockflow-batch-');
    let clock = new Date('2026-11-22T07:00:00Z'); // a Sunday, markets closed
    const deps = testDeps({
      dataDir, symbols: ['PLTR', 'MP', 'SMCI'], now: () => clock,
      retention: { keepVersions: 1, logsDays: 14, reportsDays: 90 },
      thresholdsFor: () => ({ maxModelAgeDays: 7, minDirectionAccuracy: 0.45, maxMape: 0.05, minConfidence: 0 }),
    });
    await withWorkers(deps, async ({ client, taskQueue }) => {
      // PLTR already has a fresh model: only MP and SMCI (no model) are due.
      const first = await (await startPipeline(client, 'trainSymbols', { symbols: ['PLTR'], quick: true }, { taskQueue })).result() as BatchRetrainResult;
      expect(first.promoted).toBe(1);

      const weekly = await (await startPipeline(client, 'smartTraining', {}, { taskQueue })).result() as SmartTrainingResult;
      expect(weekly.due).toEqual([{ symbol: 'MP', reasons: ['no model'] }, { symbol: 'SMCI', reasons: ['no model'] }]);
      expect(weekly.notDue).toEqual(['PLTR']);
      expect(weekly.outcomes.map((o) => [o.symbol, o.status])).toEqual([['MP', 'done'], ['SMCI', 'done']]);

      // Eight days later every model is too old — but no session arrived since each was trained:
      // the retrain policy refuses to train on the same data again, and says so.
      clock = new Date('2026-11-30T07:00:00Z');
      const later = await (await startPipeline(client, 'smartTraining', {}, { taskQueue })).result() as SmartTrainingResult;
      expect(later.due).toEqual([]);
      expect(later.notDue).toEqual(['PLTR', 'MP', 'SMCI']);
      expect(later.retrainsRefused.map((r) => [r.symbol, r.state, r.dueReasons])).toEqual([
        ['PLTR', 'no-new-data', ['model is 8 days old (> 7)']], ['MP', 'no-new-data', ['model is 8 days old (> 7)']], ['SMCI', 'no-new-data', ['model is 8 days old (> 7)']],
      ]);

      const monthly = await (await startPipeline(client, 'monthlyComprehensive', {}, { taskQueue })).result() as MonthlyComprehensiveResult;
      expect(monthly.retrains.requested).toBe(3);
      expect(monthly.retrains.failed).toBe(0);
      const markdown = readFileSync(monthly.report.markdownPath, 'utf8');
      expect(markdown).toContain('# Monthly comprehensive report 2026-11');
      expect(markdown).toMatch(/\| PLTR \| done \| v\d+ \| v\d+ \| 60 \|/);
      expect(markdown).toContain('persistence MAPE');
      expect(readFileSync(monthly.report.htmlPath, 'utf8')).toMatch(/<table>/);

      // Cleanup: versions beyond retention go (never the champion), old logs go, new ones stay.
      const logs = path.join(dataDir, 'logs');
      mkdirSync(logs, { recursive: true });
      writeFileSync(path.join(logs, 'old.log'), 'x');
      writeFileSync(path.join(logs, 'new.log'), 'x');
      const old = (clock.getTime() - 30 * 86_400_000) / 1000;
      utimesSync(path.join(logs, 'old.log'), old, old);
      expect(deps.registry.listVersions('PLTR').length).toBeGreaterThan(1);
      const cleaned = await (await startPipeline(client, 'dailyCleanup', {}, { taskQueue })).result() as CleanupResult;
      expect(cleaned.logsRemoved).toBe(1);
      expect(existsSync(path.join(logs, 'new.log'))).toBe(true);
      expect(cleaned.versionsPruned).toBeGreaterThan(0);
      for (const symbol of ['PLTR', 'MP', 'SMCI']) {
        const versions = deps.registry.listVersions(symbol);
        expect(versions.some((v) => v.isChampion)).toBe(true);
        expect(versions.length).toBeLessThanOrEqual(2);
      }
    });
  });
});
