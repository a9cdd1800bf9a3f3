/** The fast GRU trainer (gru-fast.ts, gru-math.ts) against the tfjs layers and per-step loop it stands in for. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 as createRng } from '../../../common/random.js';
import { selectBackend } from '../../../domain/engine/backend.js';
import { TrainingCancelledError } from '../../../domain/engine/errors.js';
import { buildGru, fitGru, loadGru, predictGru, saveGru, type GruConfig, type GruFitOptions } from '../../../domain/engine/members/gru.js';
import { fitGruFast, readWeights, writeWeights } from '../../../domain/engine/members/gru-fast.js';
import { GruWorkspace, meanLoss, type GruShape } from '../../../domain/engine/members/gru-math.js';

/** Seeded values in [-scale, scale). */
function noise(n: number, seed: number, scale = 1): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => (2 * rng() - 1) * scale);
}

/** A small learnable problem: the target is a fixed mix of the last two steps' first features. */
function problem(n: number, c: GruConfig, seed: number): { x: Float32Array; y: Float32Array } {
  const x = noise(n * c.lookback * c.features, seed, 1.5);
  const y = Float32Array.from({ length: n }, (_, i) => {
    const last = (i * c.lookback + c.lookback - 1) * c.features;
    const prev = last - c.features;
    return 0.8 * at(x, last) - 0.5 * at(x, prev + 1) + 0.1 * (i % 3);
  });
  return { x, y };
}

const all = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

function tfjsPredict(model: tf.LayersModel, c: GruShape, x: Float32Array): Float32Array {
  return predictGru(model, { ...c, seed: 0 }, x);
}

describe('fast GRU member', () => {
  beforeAll(async () => {
    await selectBackend({ log: () => {} });
  });

  it('computes the same forward pass as the tfjs GRU layer it saves, saturated gates included (≤ 1e-5)', () => {
    const c: GruConfig = { lookback: 7, features: 5, units: 6, seed: 3 };
    const model = buildGru(c);
    // Larger-than-initial weights and a non-zero bias drive many hard-sigmoid gates into their clipped range.
    const flat = readWeights(model, c).map((v, i) => 3 * v + 0.3 * Math.sin(i));
    writeWeights(model, flat, c);
    const n = 37;
    const x = noise(n * c.lookback * c.features, 5, 2);
    const ws = new GruWorkspace(c, n);
    ws.params.set(readWeights(model, c));
    const ours = ws.forward(x, all(n), 0, n).slice(0, n);
    const reference = tfjsPredict(model, c, x);
    expect(Math.max(...reference.map((r, i) => Math.abs(r - at(ours, i))))).toBeLessThanOrEqual(1e-5);
    expect(new Set(Array.from(reference, (v) => v.toFixed(3))).size).toBeGreaterThan(n / 2);
    model.dispose();
  });

  it('backpropagates the exact gradient: matches central finite differences and tfjs autodiff on a tiny case', () => {
    const c: GruConfig = { lookback: 4, features: 3, units: 2, seed: 11 };
    const model = buildGru(c);
    const params = readWeights(model, c).map((v, i) => v + 0.2 * Math.cos(3 * i));
    const n = 5;
    const x = noise(n * c.lookback * c.features, 13, 1);
    // Targets far from some predictions and near others: both Huber branches.
    const y = Float32Array.from([2.5, -0.1, 0.3, -2, 0.05]);
    const ws = new GruWorkspace(c, n);
    ws.params.set(params);
    ws.forward(x, all(n), 0, n);
    const loss = ws.backward(y, all(n), 0, n);
    const grad = ws.grad.slice();
    expect(loss).toBeCloseTo(meanLoss(ws, x, y), 12);
    const lossAt = (values: Float64Array) => {
      ws.params.set(values);
      return meanLoss(ws, x, y);
    };

    const h = 1e-6;
    const numeric = params.map((_, i) => {
      const plus = params.slice();
      const minus = params.slice();
      plus[i] = at(plus, i) + h;
      minus[i] = at(minus, i) - h;
      return (lossAt(plus) - lossAt(minus)) / (2 * h);
    });
    for (let i = 0; i < params.length; i++) expect(grad[i]).toBeCloseTo(at(numeric, i), 6);
    expect(grad.filter((g) => Math.abs(g) > 1e-4).length).toBeGreaterThan(params.length / 2);

    writeWeights(model, params, c);
    const tfGrads = tf.tidy(() => {
      const xs = tf.tensor3d(x, [n, c.lookback, c.features]);
      const ys = tf.tensor2d(y, [n, 1]);
      const { grads } = tf.variableGrads(() => tf.losses.huberLoss(ys, model.apply(xs, { training: true }) as tf.Tensor, undefined, 1.0) as tf.Scalar);
      return model.trainableWeights.flatMap((w) => Array.from(grads[w.originalName]?.dataSync() ?? []));
    });
    expect(tfGrads).toHaveLength(grad.length);
    for (let i = 0; i < grad.length; i++) expect(Math.abs(at(tfGrads, i) - at(grad, i))).toBeLessThan(1e-5);
    model.dispose();
  });

  describe('training', () => {
    const c: GruConfig = { lookback: 6, features: 4, units: 5, seed: 21 };
    const train = problem(300, c, 1);
    const val = problem(80, c, 2);
    const options = (extra: Partial<GruFitOptions> = {}): GruFitOptions => ({
      x: train.x,
      y: train.y,
      xVal: val.x,
      yVal: val.y,
      epochs: 6,
      batchSize: 32,
      learningRate: 1e-2,
      patience: 50,
      seed: 9,
      symbol: 'SYN',
      ...extra,
    });
    const fitted = async (fit: typeof fitGruFast, extra: Partial<GruFitOptions> = {}) => {
      const model = buildGru(c);
      const result = await fit(model, c, options(extra));
      return { model, result };
    };

    it('learns like the per-step tfjs loop it replaces: same losses epoch by epoch, nearly the same weights', async () => {
      // Four epochs: the per-step reference is the slow part of this file.
      const fast = await fitted(fitGruFast, { epochs: 4 });
      const reference = await fitted(fitGru, { epochs: 4 });
      const losses = fast.result.history.map((e) => e.loss);
      expect(losses.at(-1)).toBeLessThan(0.7 * at(losses, 0));
      for (const [i, e] of reference.result.history.entries()) {
        expect(fast.result.history[i]?.loss).toBeCloseTo(e.loss, 4);
        expect(fast.result.history[i]?.valLoss).toBeCloseTo(e.valLoss, 4);
      }
      const a = readWeights(fast.model, c);
      const b = readWeights(reference.model, c);
      expect(Math.max(...a.map((v, i) => Math.abs(v - at(b, i))))).toBeLessThan(1e-3);
      fast.model.dispose();
      reference.model.dispose();
    });

    it('is deterministic from the seed: same seed, identical weights; another seed, different ones', async () => {
      const [one, two, other] = [await fitted(fitGruFast), await fitted(fitGruFast), await fitted(fitGruFast, { seed: 10 })];
      expect(Array.from(readWeights(two.model, c))).toEqual(Array.from(readWeights(one.model, c)));
      expect(Array.from(readWeights(other.model, c))).not.toEqual(Array.from(readWeights(one.model, c)));
      [one, two, other].forEach((f) => f.model.dispose());
    });

    it('saves in the tfjs layout; tf.loadLayersModel loads it and predicts identically', async () => {
      const { model } = await fitted(fitGruFast);
      const files = await saveGru(model);
      const loaded = await loadGru(files);
      const before = tfjsPredict(model, c, val.x);
      const after = tfjsPredict(loaded, c, val.x);
      expect(Array.from(after)).toEqual(Array.from(before));
      const ws = new GruWorkspace(c, val.y.length);
      ws.params.set(readWeights(loaded, c));
      const ours = ws.forward(val.x, all(val.y.length), 0, val.y.length);
      expect(Math.max(...after.map((v, i) => Math.abs(v - at(ours, i))))).toBeLessThanOrEqual(1e-5);
      model.dispose();
      loaded.dispose();
    });

    it('keeps the weights of the best validation epoch', async () => {
      const progress: number[] = [];
      const { model, result } = await fitted(fitGruFast, { epochs: 12, learningRate: 0.08, onEpoch: (p) => void progress.push(p.valLoss) });
      const best = Math.min(...progress);
      // A later epoch was worse, so the final weights are not simply the last epoch's.
      expect(progress[progress.length - 1]).toBeGreaterThan(best);
      expect(result.bestEpoch).toBe(progress.indexOf(best) + 1);
      const ws = new GruWorkspace(c, 32);
      ws.params.set(readWeights(model, c));
      expect(meanLoss(ws, val.x, val.y)).toBeCloseTo(best, 5);
      model.dispose();
    });

    it('stops between batches on an abort signal with TrainingCancelledError', async () => {
      const ac = new AbortController();
      const err = await fitted(fitGruFast, { epochs: 50, signal: ac.signal, onEpoch: (p) => (p.epoch === 2 ? ac.abort() : undefined) }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TrainingCancelledError);
      expect(err).toMatchObject({ symbol: 'SYN', epochsDone: 2 });
    });

    it('refuses windows whose length does not match the targets, naming which', async () => {
      await expect(fitted(fitGruFast, { xVal: val.x.subarray(1) })).rejects.toThrow(/GRU xVal has \d+ values for 80 targets/);
    });
  });
});

/** `values[i]`, or NaN past the end: a length mismatch then fails the comparison it feeds. */
function at(values: ArrayLike<number>, i: number): number {
  return values[i] ?? Number.NaN;
}
