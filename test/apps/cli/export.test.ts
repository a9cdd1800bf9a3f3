/**
 * `stockflow export SYMBOL [--version N] DIR` as an operator runs it (a real CLI process): a
 * trained model in the registry is written out in tfjs's file:// layout, loads with tfjs-node's
 * `tf.loadLayersModel('file://…/model.json')` and predicts exactly what the registry's copy
 * predicts; bad symbols, versions and targets are clear errors with the taxonomy's exit codes.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disposeEnsemble, type EnsembleModel } from '../../../domain/engine/ensemble.js';
import { serializeEnsemble } from '../../../domain/engine/serialize.js';
import { trainModel } from '../../../domain/engine/train.js';
import { ModelRegistry } from '../../../domain/registry/index.js';
import { openPostgresRegistry } from '../../../domain/registry/open-postgres.js';
import { loadModel, saveTrained } from '../../../domain/serving/model-store.js';
import { testPostgresUrl } from '../../helpers/postgres.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { syntheticBars, TINY } from '../../domain/engine/helpers.js';
import { runCli, writeTestConfig } from './helpers.js';

const SYMBOL = 'EXP';

describe('stockflow export', () => {
  const dataDir = tempDir('stockflow-cli-export-');
  const env = { STOCKFLOW_DATA_DIR: dataDir, STOCKFLOW_CONFIG: writeTestConfig(dataDir), STOCKFLOW_SYMBOLS: SYMBOL, STOCKFLOW_PRICE_SOURCE: 'synthetic' };
  const registry = new ModelRegistry({ root: path.join(dataDir, 'models') });
  // The shared store holds the same two versions in the other order (v1 = seed 2): an export
  // that read the local files instead would not match.
  const storeUrl = testPostgresUrl('export');
  const shared = openPostgresRegistry({ url: storeUrl });
  const loaded: EnsembleModel[] = [];
  let tf: typeof tfjs;

  beforeAll(async () => {
    const bars = syntheticBars(420, 5);
    const serialized = [];
    for (const seed of [1, 2]) {
      const model = await trainModel({ bars, symbol: SYMBOL, seed, epochs: 2, ...TINY });
      serialized.push(await serializeEnsemble(model));
      disposeEnsemble(model);
    }
    for (const s of serialized) saveTrained(registry, s);
    for (const s of [...serialized].reverse()) saveTrained(shared, s);
    registry.promote(SYMBOL, 1, { promote: true, reason: 'first' });
    shared.promote(SYMBOL, 2, { promote: true, reason: 'first' });
    // tfjs-node registers the file:// IO handler (and its native backend) the way a user's script would.
    tf = (await import('@tensorflow/tfjs-node')) as unknown as typeof tfjs;
  });
  afterAll(() => {
    loaded.forEach(disposeEnsemble);
    shared.close();
  });

  /** The same input for both models: a deterministic window of the network's input shape. */
  function input(network: tfjs.LayersModel): tfjs.Tensor {
    const [, lookback, features] = network.inputs[0]!.shape as [null, number, number];
    const values = Float32Array.from({ length: lookback * features }, (_, i) => Math.sin(i * 0.37));
    return tf.tensor3d(values, [1, lookback, features]);
  }

  /** The loaded ensemble's GRU member network (the one file the tfjs layout holds). */
  function gruNetwork(model: Awaited<ReturnType<typeof loadModel>>): tfjs.LayersModel {
    const gru = model.members.find((m) => m.kind === 'gru') as { network?: tfjs.LayersModel } | undefined;
    if (!gru?.network) throw new Error('the loaded model has no GRU member');
    return gru.network;
  }

  async function predictionsMatch(dir: string, version: number, from: ModelRegistry = registry): Promise<void> {
    const exported = await tf.loadLayersModel(`file://${path.join(dir, 'model.json')}`);
    const original = await loadModel(from.loadVersion(SYMBOL, version));
    loaded.push(original);
    const network = gruNetwork(original);
    const x = input(network);
    const expected = Array.from(await (network.predict(x) as tfjs.Tensor).data());
    const actual = Array.from(await (exported.predict(x) as tfjs.Tensor).data());
    expect(actual).toEqual(expected);
    exported.dispose();
  }

  it('writes the champion in the file:// layout; it loads with tf.loadLayersModel and predicts identically', async () => {
    const dir = path.join(dataDir, 'out', 'champion');
    const run = await runCli(['export', SYMBOL, dir, '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({ symbol: SYMBOL, version: 1, dir });
    expect(readdirSync(dir).sort()).toEqual(['checksums.json', 'ensemble.json', 'metadata.json', 'model.json', 'weights.bin']);
    expect(JSON.parse(readFileSync(path.join(dir, 'metadata.json'), 'utf8'))).toMatchObject({ symbol: SYMBOL, version: 1, recipe: expect.any(String) });
    expect(readFileSync(path.join(dir, 'weights.bin')).equals(Buffer.from(registry.loadVersion(SYMBOL, 1).files['weights.bin']!))).toBe(true);
    await predictionsMatch(dir, 1);
  });

  it('writes another version with --version N, into an existing empty directory', async () => {
    const dir = path.join(dataDir, 'out', 'v2');
    mkdirSync(dir, { recursive: true });
    const run = await runCli(['export', SYMBOL, '--version', '2', dir], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`${SYMBOL} v2 exported to ${dir}`);
    expect(JSON.parse(readFileSync(path.join(dir, 'metadata.json'), 'utf8')).version).toBe(2);
    await predictionsMatch(dir, 2);
  });

  it('exports from the shared PostgreSQL store when store.url is set', async () => {
    const dir = path.join(dataDir, 'out', 'shared');
    const run = await runCli(['export', SYMBOL, dir, '--json'], { ...env, STOCKFLOW_STORE_URL: storeUrl });
    expect(run.code, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({ symbol: SYMBOL, version: 2, dir });
    const weights = readFileSync(path.join(dir, 'weights.bin'));
    expect(weights.equals(Buffer.from(shared.loadVersion(SYMBOL, 2).files['weights.bin']!))).toBe(true);
    expect(weights.equals(Buffer.from(registry.loadVersion(SYMBOL, 1).files['weights.bin']!))).toBe(true); // seed 1 in both
    expect(weights.equals(Buffer.from(registry.loadVersion(SYMBOL, 2).files['weights.bin']!))).toBe(false);
    await predictionsMatch(dir, 2, shared);
  });

  it('refuses a missing version, a symbol without models, a bad symbol and a non-empty directory, writing nothing', async () => {
    const refusals = path.join(dataDir, 'refusals');
    const target = path.join(refusals, 'target');
    const missing = await runCli(['export', SYMBOL, '--version', '9', target], env);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toMatch(/EXP: version 9 not found in the model registry/);
    const noModel = await runCli(['export', 'NOPE', target], env);
    expect(noModel.code).toBe(4);
    expect(noModel.stderr).toMatch(/NOPE: champion not found/);
    const bad = await runCli(['export', 'not a ticker!', target], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown symbol "not a ticker!"/);
    const badVersion = await runCli(['export', SYMBOL, '--version', 'two', target], env);
    expect(badVersion.code).toBe(2);
    const full = path.join(refusals, 'full');
    mkdirSync(full, { recursive: true });
    writeFileSync(path.join(full, 'keep.txt'), 'mine');
    const notEmpty = await runCli(['export', SYMBOL, full], env);
    expect(notEmpty.code).toBe(2);
    expect(notEmpty.stderr).toMatch(/is not empty/);
    expect(readdirSync(full)).toEqual(['keep.txt']);
    expect(readdirSync(refusals)).toEqual(['full']); // no target, no temp directory left behind
  });
});
