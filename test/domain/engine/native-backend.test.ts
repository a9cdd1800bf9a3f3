/**
 * The native backend (@tensorflow/tfjs-node, installed by `npm run setup:native`; CI runs it in
 * .ci/run). This file never skips: where tfjs-node does not load, it fails saying how to fix it.
 */
import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { mulberry32 as createRng } from '../../../common/random.js';
import { selectBackend } from '../../../domain/engine/backend.js';
import { disposeEnsemble } from '../../../domain/engine/ensemble.js';
import type { EpochProgress } from '../../../domain/engine/members/gru.js';
import { predictNext } from '../../../domain/engine/predict.js';
import { trainModel } from '../../../domain/engine/train.js';
import { trainInWorker } from '../../../domain/engine/training-thread/train-in-worker.js';
import { REPO_ROOT } from '../../helpers/paths.js';
import { syntheticBars, TINY } from './helpers.js';

const quiet = () => {};

/** Runs the same check setup:native ends with, in a child process (a failed load stays there). */
function nativeCheck(): { ok: boolean; error?: string; tfjsNode?: string; tensorflow?: string } {
  const run = spawnSync(process.execPath, ['scripts/native/check-tfjs-node.cjs', '--json'], { cwd: REPO_ROOT, encoding: 'utf8' });
  try {
    return JSON.parse(run.stdout.trim().split('\n').pop() ?? '');
  } catch {
    return { ok: false, error: `the check printed no result (exit ${run.status}): ${run.stderr.trim().split('\n')[0]}` };
  }
}

/** Seeded values in [-2, 2). */
function values(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => 4 * rng() - 2);
}

/** A few ops the GRU member uses, on fixed inputs, computed on the active backend. */
function opResults(): Record<string, Float32Array> {
  return tf.tidy(() => {
    const x = tf.tensor2d(values(64 * 16, 1), [64, 16]);
    const w = tf.tensor2d(values(16 * 48, 2), [16, 48]);
    const b = tf.tensor1d(values(48, 3));
    const z = tf.add(tf.matMul(x, w), b);
    const ops: Record<string, tf.Tensor> = {
      matMul: z,
      sigmoid: tf.sigmoid(z),
      tanh: tf.tanh(z),
      gate: tf.add(tf.mul(tf.sigmoid(z), tf.tanh(z)), tf.mul(tf.sub(1, tf.sigmoid(z)), z)),
      exp: tf.exp(x),
      meanAxis0: tf.mean(z, 0),
      sumAll: tf.sum(z),
      huber: tf.losses.huberLoss(tf.sigmoid(z), tf.tanh(z)),
      // A weight gradient's shape of product (hᵀ·dz over the batch), scaled to order 1.
      transposeMatMul: tf.div(tf.matMul(tf.sigmoid(z), tf.tanh(z), true, false), 64),
    };
    return Object.fromEntries(Object.entries(ops).map(([name, t]) => [name, t.dataSync() as Float32Array]));
  });
}

let checked: ReturnType<typeof nativeCheck> | undefined;
/** Fails the calling test (rather than skipping it) where tfjs-node does not load. */
function requireNative(): void {
  checked ??= nativeCheck();
  if (!checked.ok) {
    throw new Error(
      `@tensorflow/tfjs-node does not load in this checkout (${checked.error}). ` +
        'Run `npm run setup:native` (scripts/setup-native.sh; CI runs it in .ci/run). This test does not skip.',
    );
  }
}

describe('native backend (@tensorflow/tfjs-node)', () => {
  afterAll(async () => {
    await selectBackend({ backend: 'wasm', log: quiet });
  });

  it('is chosen when it loads (auto configuration), and is the backend in use', async () => {
    requireNative();
    const logs: string[] = [];
    expect(await selectBackend({ log: (m) => logs.push(m) })).toBe('tensorflow');
    expect(tf.getBackend()).toBe('tensorflow');
    expect(logs).toEqual(['[model] TensorFlow.js backend: tensorflow']);
  });

  it('computes the GRU member\'s ops equal to wasm and cpu within 1e-5', async () => {
    requireNative();
    await selectBackend({ backend: 'tensorflow', log: quiet });
    const native = opResults();
    for (const other of ['wasm', 'cpu'] as const) {
      await selectBackend({ backend: other, log: quiet });
      const reference = opResults();
      for (const [name, got] of Object.entries(native)) {
        const want = reference[name];
        if (!want) throw new Error(`${name}: computed on tensorflow but not on ${other}`);
        expect(got.length, `${name} length on tensorflow vs ${other}`).toBe(want.length);
        let worst = 0;
        for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(at(got, i) - at(want, i)) / Math.max(1, Math.abs(at(want, i))));
        expect(worst, `${name}: largest difference tensorflow vs ${other}`).toBeLessThanOrEqual(1e-5);
      }
    }
  });

  it('trains a quick GRU model on tfjs-node, with the losses wasm gets from the same seed', async () => {
    requireNative();
    const bars = syntheticBars(420, 11);
    const run = async (backend: string) => {
      const progress: EpochProgress[] = [];
      const model = await trainModel({ bars, symbol: 'NAT', seed: 7, epochs: 3, ...TINY, backend, onEpoch: (p) => void progress.push(p) });
      try {
        return { metadata: model.metadata, prediction: predictNext(model, bars), progress };
      } finally {
        disposeEnsemble(model);
      }
    };
    const native = await run('tensorflow');
    expect(native.metadata).toMatchObject({ backend: 'tensorflow', epochsRun: 3 });
    expect(Number.isFinite(native.prediction.forecastClose)).toBe(true);
    const wasm = await run('wasm');
    expect(native.progress.map((p) => p.epoch)).toEqual([1, 2, 3]);
    for (const [i, p] of native.progress.entries()) {
      expect(wasm.progress[i]?.loss).toBeCloseTo(p.loss, 4);
      expect(wasm.progress[i]?.valLoss).toBeCloseTo(p.valLoss, 4);
    }
  });

  it('trains on tfjs-node inside a worker thread too (how the worker trains)', async () => {
    requireNative();
    const { log: _log, ...tiny } = TINY;
    const saved = await trainInWorker({ bars: syntheticBars(420, 41), symbol: 'NWK', seed: 1, epochs: 2, ...tiny, backend: 'tensorflow' });
    expect(saved.metadata).toMatchObject({ backend: 'tensorflow', epochsRun: 2 });
  });
});

/** `values[i]`, or NaN past the end: a length mismatch then fails the comparison it feeds. */
function at(values: ArrayLike<number>, i: number): number {
  return values[i] ?? Number.NaN;
}
