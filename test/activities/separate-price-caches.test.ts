/**
 * Activities on workers with separate price caches (one data directory each, as on separate
 * machines) and a shared history and registry (what STOCKFLOW_STORE_URL gives them): the retrain's
 * refresh runs on worker A, its training and comparison on worker B, whose cache is empty, then
 * behind. Every activity reads the series A's refresh saw, refreshing B's cache first.
 */
import path from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.js';
import type { CompareResult, FetchPricesResult, TrainChallengerResult } from '../../common/wire/index.js';
import { HistoryStore } from '../../domain/history/index.js';
import { CsvPriceSource, PriceCache } from '../../domain/prices/index.js';
import { ModelRegistry } from '../../domain/registry/index.js';
import { testDeps } from '../helpers/deps.js';
import { appendRealSessions, writeTruncatedPrices } from '../helpers/price-files.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('activities on workers with separate price caches', () => {
  it('train and compare on a worker whose cache is empty, then behind, on exactly the refreshed series', async () => {
    const root = tempDir('stockflow-separate-caches-');
    const sourceDir = path.join(root, 'source');
    writeTruncatedPrices(sourceDir, 'SMR', '2025-05-30');
    const shared = {
      history: HistoryStore.open({ file: path.join(root, 'shared', 'history.sqlite') }),
      registry: new ModelRegistry({ root: path.join(root, 'shared', 'models') }),
    };
    const a = testDeps({ dataDir: path.join(root, 'worker-a'), pricesDir: sourceDir, symbols: ['SMR'], ...shared });
    const b = testDeps({ dataDir: path.join(root, 'worker-b'), pricesDir: sourceDir, symbols: ['SMR'], ...shared });
    expect(a.priceCache.dir).not.toBe(b.priceCache.dir);
    const onA = createActivities(a);
    const onB = createActivities(b);
    const env = new MockActivityEnvironment();

    const refreshed = (await env.run(onA.fetchPrices, { symbol: 'SMR' })) as FetchPricesResult;
    expect(refreshed.lastDate).toBe('2025-05-30');
    expect(await b.priceCache.lastDate('SMR')).toBeNull();
    // The source moves on after the refresh: the retrain still trains on what the refresh saw.
    appendRealSessions(sourceDir, 'SMR', '2025-05-30', 3);

    const trained = (await env.run(onB.trainChallenger, { symbol: 'SMR', quick: true, seed: 7, reason: 'test', pricesThrough: refreshed.lastDate })) as TrainChallengerResult;
    expect(shared.registry.loadVersion('SMR', trained.version).metadata.dataRange.bars.to).toBe('2025-05-30');
    // B's cache was filled from the source (through its end), read only through the refresh's session.
    expect(await b.priceCache.lastDate('SMR')).toBe('2025-06-04');

    const compared = (await env.run(onA.compareWithChampion, {
      symbol: 'SMR', challengerVersion: trained.version, championVersion: null, challengerHoldout: trained.holdout, pricesThrough: refreshed.lastDate,
    })) as CompareResult;
    expect(compared).toMatchObject({ challengerLoaded: true, challengerPredicted: true, champion: null });
    expect(await a.priceCache.lastDate('SMR')).toBe('2025-05-30');

    // A refresh on B now records 06-04 in the shared history; A's cache is behind, and the
    // activities without a session of their own (the served forecast) read through it.
    await env.run(onB.fetchPrices, { symbol: 'SMR' });
    shared.registry.promote('SMR', trained.version, { promote: true, reason: 'test' });
    expect(await env.run(onA.refreshPrediction, { symbol: 'SMR' })).toEqual({ stored: true });
    expect(shared.history.latestPrediction('SMR')).toMatchObject({ asOf: '2025-06-04', modelVersion: trained.version });
    expect(await a.priceCache.lastDate('SMR')).toBe('2025-06-04');
  });

  it('a worker whose source does not reach the refreshed session fails the activity, naming both dates', async () => {
    const root = tempDir('stockflow-separate-caches-');
    const aheadDir = path.join(root, 'source-a');
    const behindDir = path.join(root, 'source-b');
    writeTruncatedPrices(aheadDir, 'SMR', '2025-05-30');
    writeTruncatedPrices(behindDir, 'SMR', '2025-05-23');
    const history = HistoryStore.open({ file: path.join(root, 'history.sqlite') });
    const a = testDeps({ dataDir: path.join(root, 'worker-a'), pricesDir: aheadDir, symbols: ['SMR'], history });
    const b = { ...testDeps({ dataDir: path.join(root, 'worker-b'), symbols: ['SMR'], history }) };
    b.priceCache = new PriceCache({ dir: path.join(root, 'worker-b', 'prices'), source: new CsvPriceSource({ dir: behindDir }), logger: { warn: () => undefined } });
    const env = new MockActivityEnvironment();
    await env.run(createActivities(a).fetchPrices, { symbol: 'SMR' });
    await expect(env.run(createActivities(b).retrainPolicy, { symbol: 'SMR', force: false })).rejects.toThrow(/end at 2025-05-23 .* reaches 2025-05-30/);
  });
});
