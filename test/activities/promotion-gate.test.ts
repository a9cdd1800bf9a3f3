import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.js';
import type { CompareResult, PromotionResult, TrainChallengerResult } from '../../common/wire/index.js';
import { testDeps } from '../helpers/deps.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * The activities one by one in MockActivityEnvironment (no workflow runs here): what they return
 * is what lets the retrain workflow end in "keep" instead of failing.
 */
describe('the challenger check before the promotion gate (real activities, files and TensorFlow.js)', () => {
  it('a challenger whose saved weights are damaged is kept out with the reason recorded: compareWithChampion and promoteOrKeep return a decision instead of throwing', async () => {
    const dataDir = tempDir('stockflow-gate-');
    const deps = testDeps({ dataDir, symbols: ['SMR'] });
    const activities = createActivities(deps);
    const env = new MockActivityEnvironment();
    await env.run(activities.fetchPrices, { symbol: 'SMR' });
    const trained = (await env.run(activities.trainChallenger, { symbol: 'SMR', quick: true, seed: 7, reason: 'test' })) as TrainChallengerResult;

    // Damage the saved version on disk, as a bad disk or a half-copied backup would.
    const weights = path.join(dataDir, 'models', 'SMR', `v${trained.version}`, 'weights.bin');
    writeFileSync(weights, Buffer.from('truncated'));

    const comparison = (await env.run(activities.compareWithChampion, {
      symbol: 'SMR', challengerVersion: trained.version, championVersion: null, challengerHoldout: trained.holdout,
    })) as CompareResult;
    expect(comparison).toMatchObject({ challengerLoaded: false, challengerPredicted: false, champion: null });
    expect(comparison.challengerError).toMatch(/does not load: .*weights\.bin/);

    const decision = (await env.run(activities.promoteOrKeep, { symbol: 'SMR', challengerVersion: trained.version, comparison })) as PromotionResult;
    expect(decision).toMatchObject({ promoted: false, championVersion: null });
    expect(decision.reason).toMatch(/load/);
    expect(deps.registry.getChampion('SMR')).toBeNull();
    expect(deps.history.decisionHistory('SMR')).toMatchObject([{ promoted: false, challengerVersion: trained.version }]);
  });
});
