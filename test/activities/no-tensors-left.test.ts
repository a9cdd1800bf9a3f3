import * as tf from '@tensorflow/tfjs';
import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.js';
import type { CompareResult, TrainChallengerResult } from '../../common/wire/index.js';
import { testDeps } from '../helpers/deps.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * A long-running worker loads a model in several activities (the challenger check, the champion's
 * evaluation, the stored forecast, backtests, monitoring). Each must leave TensorFlow.js with the
 * tensors it found: one tensor left per call is memory the worker never gets back (issue 12).
 */
describe('activities that load a model leave no tensors behind (real activities, files and TensorFlow.js)', () => {
  it('compareWithChampion (challenger check + champion evaluation), refreshPrediction, backtestModel and assessSymbol end with as many tensors as they started with', async () => {
    const deps = testDeps({ dataDir: tempDir('stockflow-tensors-'), symbols: ['SPY'] });
    const activities = createActivities(deps);
    const env = new MockActivityEnvironment();
    await env.run(activities.fetchPrices, { symbol: 'SPY' });
    const trained = (await env.run(activities.trainChallenger, { symbol: 'SPY', quick: true, seed: 7, reason: 'test' })) as TrainChallengerResult;
    const first = (await env.run(activities.compareWithChampion, {
      symbol: 'SPY', challengerVersion: trained.version, championVersion: null, challengerHoldout: trained.holdout,
    })) as CompareResult;
    await env.run(activities.promoteOrKeep, { symbol: 'SPY', challengerVersion: trained.version, comparison: first });
    expect(deps.registry.getChampion('SPY')).not.toBeNull();

    const calls: [string, () => Promise<unknown>][] = [
      ['compareWithChampion', () => env.run(activities.compareWithChampion, {
        symbol: 'SPY', challengerVersion: trained.version, championVersion: trained.version, challengerHoldout: trained.holdout,
      })],
      ['refreshPrediction', () => env.run(activities.refreshPrediction, { symbol: 'SPY' })],
      ['backtestModel', () => env.run(activities.backtestModel, { symbol: 'SPY', version: trained.version })],
      ['assessSymbol', () => env.run(activities.assessSymbol, { symbol: 'SPY' })],
    ];
    for (const [name, call] of calls) {
      const before = tf.memory().numTensors;
      await call();
      expect({ activity: name, tensorsLeft: tf.memory().numTensors - before }).toEqual({ activity: name, tensorsLeft: 0 });
    }
  });
});
