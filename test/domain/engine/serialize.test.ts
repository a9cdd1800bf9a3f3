import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelIntegrityError } from '../../../common/errors.js';
import { disposeEnsemble, type EnsembleModel } from '../../../domain/engine/ensemble.js';
import { evaluateModel } from '../../../domain/engine/evaluate.js';
import { predictNext } from '../../../domain/engine/predict.js';
import { loadEnsemble, MODEL_FILES, serializeEnsemble, type SerializedEnsemble } from '../../../domain/engine/serialize.js';
import { trainModel } from '../../../domain/engine/train.js';
import { syntheticBars, TINY } from './helpers.js';

const bars = syntheticBars(420, 21);

describe('serialisation', () => {
  let model: EnsembleModel;
  let saved: SerializedEnsemble;
  const loaded: EnsembleModel[] = [];

  beforeAll(async () => {
    model = await trainModel({ bars, symbol: 'SER', seed: 3, epochs: 2, ...TINY });
    saved = await serializeEnsemble(model);
  });
  afterAll(() => [model, ...loaded].forEach(disposeEnsemble));

  it('writes model.json in the tfjs file:// layout, weights.bin, ensemble.json and metadata.json', () => {
    expect(Object.keys(saved.files).sort()).toEqual([...MODEL_FILES].sort());
    const modelJson = JSON.parse(new TextDecoder().decode(saved.files['model.json']));
    expect(modelJson.format).toBe('layers-model');
    expect(modelJson.modelTopology).toBeTruthy();
    expect(modelJson.weightsManifest).toHaveLength(1);
    expect(modelJson.weightsManifest[0].paths).toEqual(['weights.bin']);
    const bytes = modelJson.weightsManifest[0].weights.reduce((s: number, w: { shape: number[] }) => s + 4 * w.shape.reduce((a, b) => a * b, 1), 0);
    expect(saved.files['weights.bin']?.byteLength).toBe(bytes);
    expect(JSON.parse(new TextDecoder().decode(saved.files['metadata.json']))).toEqual(saved.metadata);
  });

  it('round-trips to identical predictions and evaluation', async () => {
    const back = await loadEnsemble(saved.files);
    loaded.push(back);
    expect(predictNext(back, bars)).toEqual(predictNext(model, bars));
    const from = model.metadata.dataRange.evaluation.from;
    // The served (refitted) model evaluates the same after the round trip.
    expect(evaluateModel(back, bars, { from })).toEqual(evaluateModel(model, bars, { from }));
    expect(back.metadata).toEqual(model.metadata);
  });

  it('refuses a truncated weights file', async () => {
    const w = saved.files['weights.bin'];
    const err = await loadEnsemble({ ...saved.files, 'weights.bin': w!.slice(0, w!.byteLength - 8) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelIntegrityError);
    expect(err).toMatchObject({ name: 'ModelIntegrityError', path: 'weights.bin' });
  });

  it('refuses weights altered in place (same length) and a missing or garbled file', async () => {
    const w = saved.files['weights.bin']!.slice();
    w[10]! ^= 0xff;
    await expect(loadEnsemble({ ...saved.files, 'weights.bin': w })).rejects.toThrow(/weights.bin failed its integrity check: sha256/);
    const { 'ensemble.json': _gone, ...missing } = saved.files;
    await expect(loadEnsemble(missing)).rejects.toBeInstanceOf(ModelIntegrityError);
    await expect(loadEnsemble({ ...saved.files, 'metadata.json': new Uint8Array([0x7b, 0x22]) })).rejects.toThrow(/metadata.json .* not valid JSON/);
  });

  it('refuses weights whose manifest does not match, even with a consistent checksum', async () => {
    const { loadGru } = await import('../../../domain/engine/members/gru.js');
    await expect(loadGru({ 'model.json': saved.files['model.json']!, 'weights.bin': new Uint8Array(12) })).rejects.toThrow(/12 bytes, the manifest describes/);
  });
});
