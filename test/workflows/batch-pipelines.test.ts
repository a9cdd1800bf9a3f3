/**
 * smartTraining, monthlyComprehensive and dailyCleanup on a real dev server and real workers.
 * Each test sets up its own data directory and state, so one failure does not cascade and no
 * test has to fit nine trainings under one timeout.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { startPipeline } from '../../client/index.js';
import type { BatchRetrainResult, CleanupResult, MonthlyComprehensiveResult, SmartTrainingResult } from '../../common/wire/index.js';
import type { ModelArtifact } from '../../domain/registry/index.js';
import { testDeps, type TestDepsOptions } from '../helpers/deps.js';
import { exampleModelMetadata } from '../helpers/model-metadata.js';
import { writeAliasedPrices } from '../helpers/price-files.js';
import { tempDir } from '../helpers/temp-dir.js';
import { withWorkers } from '../helpers/temporal.js';

const DAY_MS = 86_400_000;
const SUNDAY = new Date('2026-11-22T07:00:00Z'); // markets closed

/**
 * Real dependencies with a clock the test moves and models due after 7 days. Symbols are
 * aliases (`{ 'PLTR.OLD': 'PLTR' }`) no other test uses: retrain workflow ids are per symbol, so
 * a run left over from a failed test can never make another test's retrain "already running".
 */
function batchDeps(aliases: Record<string, string>, clock: { now: Date }, extra: Partial<TestDepsOptions> = {}) {
  const dataDir = tempDir('stockflow-batch-');
  return testDeps({
    dataDir, pricesDir: writeAliasedPrices(path.join(dataDir, 'source'), aliases), symbols: Object.keys(aliases), now: () => clock.now,
    thresholdsFor: () => ({ maxModelAgeDays: 7, minDirectionAccuracy: 0.45, maxMape: 0.05, minConfidence: 0 }),
    ...extra,
  });
}

async function run<T>(client: Client, taskQueue: string, type: 'trainSymbols' | 'smartTraining' | 'monthlyComprehensive' | 'dailyCleanup', input: object): Promise<T> {
  return (await (await startPipeline(client, type, input, { taskQueue })).result()) as T;
}

/** A registry version that is only files and metadata (retention never loads a model). */
function storedArtifact(symbol: string, seed: number): ModelArtifact {
  return {
    files: { 'ensemble.json': new TextEncoder().encode(JSON.stringify({ seed })) },
    metadata: exampleModelMetadata(symbol),
  };
}

describe('smartTraining (real dev server, real worker)', () => {
  it('retrains only what is due: a symbol without a model, not one with a fresh model', async () => {
    const clock = { now: SUNDAY };
    const deps = batchDeps({ PLTR: 'PLTR', MP: 'MP' }, clock);
    await withWorkers(deps, async ({ client, taskQueue }) => {
      const first = await run<BatchRetrainResult>(client, taskQueue, 'trainSymbols', { symbols: ['PLTR'], quick: true });
      expect(first).toMatchObject({ requested: 1, promoted: 1, failed: 0 });

      const weekly = await run<SmartTrainingResult>(client, taskQueue, 'smartTraining', {});
      expect(weekly.due).toEqual([{ symbol: 'MP', reasons: ['no model'] }]);
      expect(weekly.notDue).toEqual(['PLTR']);
      expect(weekly.outcomes.map((o) => [o.symbol, o.status])).toEqual([['MP', 'done']]);
      expect(deps.registry.listVersions('PLTR').map((v) => v.version)).toEqual([1]);
      expect(deps.registry.listVersions('MP').map((v) => v.version)).toEqual([1]);
    });
  });

  it('eight days later a model is too old, but is retrained only once a new session arrived (no retrain on the same data)', async () => {
    const clock = { now: SUNDAY };
    const deps = batchDeps({ 'PLTR.OLD': 'PLTR' }, clock);
    await withWorkers(deps, async ({ client, taskQueue }) => {
      expect(await run<BatchRetrainResult>(client, taskQueue, 'trainSymbols', { symbols: ['PLTR.OLD'], quick: true })).toMatchObject({ promoted: 1, failed: 0 });
      clock.now = new Date(SUNDAY.getTime() + 8 * DAY_MS);
      const later = await run<SmartTrainingResult>(client, taskQueue, 'smartTraining', {});
      expect(later.due).toEqual([]);
      expect(later.retrainsRefused.map((r) => [r.symbol, r.state, r.dueReasons])).toEqual([['PLTR.OLD', 'no-new-data', ['model is 8 days old (> 7)']]]);

      // One new session in the source (the last bar again, on the next trading day) lets the weekly run retrain it.
      const file = path.join(deps.dataDir, 'source', 'PLTR.OLD.csv');
      const last = readFileSync(file, 'utf8').trim().split('\n').at(-1)!;
      appendFileSync(file, `2025-07-01${last.slice(10)}\n`);
      const withNewData = await run<SmartTrainingResult>(client, taskQueue, 'smartTraining', {});
      expect(withNewData.due).toEqual([{ symbol: 'PLTR.OLD', reasons: ['model is 8 days old (> 7)'] }]);
      expect(withNewData.outcomes.map((o) => [o.symbol, o.status])).toEqual([['PLTR.OLD', 'done']]);
      expect(deps.registry.listVersions('PLTR.OLD').map((v) => v.version)).toEqual([1, 2]);
    });
  });
});

describe('monthlyComprehensive (real dev server, real worker)', () => {
  it('retrains every symbol and writes a Markdown and an HTML report', async () => {
    const clock = { now: SUNDAY };
    const deps = batchDeps({ 'PLTR.MON': 'PLTR', 'MP.MON': 'MP' }, clock);
    await withWorkers(deps, async ({ client, taskQueue }) => {
      expect(await run<BatchRetrainResult>(client, taskQueue, 'trainSymbols', { symbols: ['PLTR.MON'], quick: true })).toMatchObject({ promoted: 1 });
      const monthly = await run<MonthlyComprehensiveResult>(client, taskQueue, 'monthlyComprehensive', {});
      expect(monthly.retrains).toMatchObject({ requested: 2, failed: 0 });
      expect(monthly.retrains.outcomes.map((o) => [o.symbol, o.status])).toEqual([['PLTR.MON', 'done'], ['MP.MON', 'done']]);
      const markdown = readFileSync(monthly.report.markdownPath, 'utf8');
      expect(markdown).toContain('# Monthly comprehensive report 2026-11');
      expect(markdown).toMatch(/\| PLTR\.MON \| done \| v\d+ \| v\d+ \| 60 \|/);
      expect(markdown).toMatch(/\| MP\.MON \| done \|/);
      expect(markdown).toContain('persistence MAPE');
      expect(readFileSync(monthly.report.htmlPath, 'utf8')).toMatch(/<table>/);
      expect(deps.history.listReports().map((r) => [r.kind, r.paths])).toEqual([['monthly', [monthly.report.htmlPath, monthly.report.markdownPath]]]);
    });
  });
});

describe('dailyCleanup (real dev server, real worker)', () => {
  it('removes exactly what retention says: old logs and reports, stale temp files, versions beyond retention but never the champion', async () => {
    const clock = { now: SUNDAY };
    const deps = batchDeps({ PLTR: 'PLTR' }, clock, { retention: { keepVersions: 1, logsDays: 14, reportsDays: 90 } });
    const { dataDir, registry } = deps;
    // Versions 1–3, champion v1: retention keeps the newest (v3) and the champion; v2 goes.
    for (const seed of [1, 2, 3]) registry.saveVersion('PLTR', storedArtifact('PLTR', seed));
    registry.restore('PLTR', 1, 'test: champion is the oldest');
    /** Writes a file under the data directory, last modified `daysBefore` days before `from`. */
    const write = (rel: string, from: Date, daysBefore: number) => {
      const file = path.join(dataDir, rel);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, 'x');
      const t = (from.getTime() - daysBefore * DAY_MS) / 1000;
      utimesSync(file, t, t);
      return file;
    };
    // Logs, reports and price temp files age against the injected clock; registry temp entries
    // against the wall clock (mtimes of a crashed writer's files are wall-clock times).
    const oldLog = write('logs/old.log', clock.now, 30);
    const newLog = write('logs/new.log', clock.now, 0);
    const oldReport = write('reports/monthly-old.md', clock.now, 100);
    const newReport = write('reports/monthly-new.md', clock.now, 0);
    const stalePriceTemp = write('prices/.PLTR.csv.1234.abandoned.tmp', clock.now, 2);
    const freshPriceTemp = write('prices/.MP.csv.5678.inflight.tmp', clock.now, 0);
    const staleVersionTemp = path.dirname(write('models/PLTR/.tmp-version-abandoned/ensemble.json', new Date(), 2));
    const twoDaysAgo = (Date.now() - 2 * DAY_MS) / 1000;
    utimesSync(staleVersionTemp, twoDaysAgo, twoDaysAgo);

    await withWorkers(deps, async ({ client, taskQueue }) => {
      const cleaned = await run<CleanupResult>(client, taskQueue, 'dailyCleanup', {});
      expect(cleaned).toEqual({ logsRemoved: 1, reportsRemoved: 1, tempRemoved: 2, versionsPruned: 1, backupsRemoved: 0 });
    });
    expect([oldLog, oldReport, staleVersionTemp, stalePriceTemp].filter((f) => existsSync(f))).toEqual([]);
    expect([newLog, newReport, freshPriceTemp].filter((f) => !existsSync(f))).toEqual([]);
    expect(registry.listVersions('PLTR').map((v) => v.version)).toEqual([1, 3]);
    expect(registry.getChampion('PLTR')?.version).toBe(1);
  });
});
