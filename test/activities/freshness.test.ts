/**
 * fetchPrices records each refresh outcome in refresh_status; checkFreshness turns it and the
 * cache into fresh / stale / failing; the served forecast is stored with its target session.
 * Real activities, csv prices from ../shared cut at an earlier date, an injected clock.
 */
import path from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.js';
import type { Freshness, TrainChallengerResult } from '../../common/wire/index.js';
import { testDeps } from '../helpers/deps.js';
import { appendRealSessions, writeTruncatedPrices } from '../helpers/price-files.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('price refresh outcomes and freshness (real activities)', () => {
  it('records successes and failures, and judges each symbol against the completed sessions', async () => {
    const dataDir = tempDir('stockflow-freshness-');
    const sourceDir = path.join(dataDir, 'source');
    writeTruncatedPrices(sourceDir, 'SMR', '2025-06-20');
    // Monday 2025-06-23, 18:00 EDT: that day's session has closed.
    let now = new Date('2025-06-23T22:00:00Z');
    const deps = testDeps({ dataDir, pricesDir: sourceDir, symbols: ['SMR', 'MSFT'], now: () => now });
    const activities = createActivities(deps);
    const env = new MockActivityEnvironment();
    const check = async () => (await env.run(activities.checkFreshness, {})) as Freshness[];

    // Nothing refreshed yet: no data is stale, with no count.
    expect((await check()).map((f) => [f.symbol, f.state, f.sessionsBehind])).toEqual([['SMR', 'stale', null], ['MSFT', 'stale', null]]);

    await env.run(activities.fetchPrices, { symbol: 'SMR' });
    expect(deps.history.refreshStatus('SMR')).toMatchObject({ ok: true, error: null, lastBar: '2025-06-20', at: '2025-06-23T22:00:00.000Z' });

    // MSFT is not in the source: the failure still reaches the caller, and is recorded.
    await expect(env.run(activities.fetchPrices, { symbol: 'MSFT' })).rejects.toThrow(/MSFT/);
    const msft = deps.history.refreshStatus('MSFT');
    expect(msft).toMatchObject({ ok: false, lastBar: null, lastSuccessAt: null });
    expect(msft?.error).toMatch(/MSFT/);

    const [smr, failing] = await check();
    expect(smr).toEqual({
      symbol: 'SMR', state: 'fresh', lastBar: '2025-06-20', lastCompletedSession: '2025-06-23', sessionsBehind: 1, checkedAt: '2025-06-23T22:00:00.000Z',
    });
    expect(failing).toMatchObject({ symbol: 'MSFT', state: 'failing', error: msft?.error, lastBar: null });

    // A week later with no new data: 06-23 … 06-27 and 06-30 are missing.
    now = new Date('2025-06-30T21:00:00Z');
    expect((await env.run(activities.checkFreshness, { symbols: ['SMR'] })) as Freshness[]).toMatchObject([
      { symbol: 'SMR', state: 'stale', sessionsBehind: 6, lastCompletedSession: '2025-06-30' },
    ]);

    // The source catches up: fresh again.
    appendRealSessions(sourceDir, 'SMR', '2025-06-20', 6);
    await env.run(activities.fetchPrices, { symbol: 'SMR' });
    expect(deps.history.refreshStatus('SMR')).toMatchObject({ ok: true, lastBar: '2025-06-30', lastSuccessAt: '2025-06-30T21:00:00.000Z' });
    expect((await check())[0]).toMatchObject({ state: 'fresh', sessionsBehind: 0 });
  });

  it('stores the served forecast with its target session (the first session after its last bar)', async () => {
    const dataDir = tempDir('stockflow-target-date-');
    const sourceDir = path.join(dataDir, 'source');
    writeTruncatedPrices(sourceDir, 'SMR', '2025-04-17'); // the Thursday before Good Friday
    const deps = testDeps({ dataDir, pricesDir: sourceDir, symbols: ['SMR'] });
    const activities = createActivities(deps);
    const env = new MockActivityEnvironment();
    await env.run(activities.fetchPrices, { symbol: 'SMR' });
    const trained = (await env.run(activities.trainChallenger, { symbol: 'SMR', quick: true, seed: 7, reason: 'test' })) as TrainChallengerResult;
    deps.registry.promote('SMR', trained.version, { promote: true, reason: 'test' });
    expect(await env.run(activities.refreshPrediction, { symbol: 'SMR' })).toEqual({ stored: true });
    expect(deps.history.latestPrediction('SMR')).toMatchObject({ asOf: '2025-04-17', targetDate: '2025-04-21', modelVersion: trained.version });
  });
});
