import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../domain/engine/backend.js';
import { disposeEnsemble, type EnsembleModel } from '../../../domain/engine/ensemble.js';
import { TrainingCancelledError } from '../../../domain/engine/errors.js';
import { FEATURE_NAMES } from '../../../domain/engine/features.js';
import type { EpochProgress } from '../../../domain/engine/members/gru.js';
import { predictNext } from '../../../domain/engine/predict.js';
import { trainModel } from '../../../domain/engine/train.js';
import { syntheticBars, TINY } from './helpers.js';
import { at } from '../../helpers/at.js';

const bars = syntheticBars(420, 11);
/** Every member's saved files but the GRU's model.json (its layer names count the layers built in this process): equal files, equal weights. */
const memberFiles = async (m: EnsembleModel) => {
  const files: Record<string, Uint8Array> = {};
  for (const member of m.members) Object.assign(files, await member.save());
  delete files['model.json'];
  return files;
};
const train = (extra: Partial<Parameters<typeof trainModel>[0]> = {}) => trainModel({ bars, symbol: 'SYN', seed: 7, epochs: 3, ...TINY, ...extra });

describe('trainModel', () => {
  let model: EnsembleModel;
  const progress: EpochProgress[] = [];
  const tensorsPerEpoch: number[] = [];

  beforeAll(async () => {
    model = await train({
      onEpoch: (p) => {
        progress.push(p);
        tensorsPerEpoch.push(tf.memory().numTensors);
      },
    });
  });

  it('reports progress once per epoch with losses', () => {
    expect(progress.map((p) => p.epoch)).toEqual([1, 2, 3]);
    for (const p of progress) {
      expect(p.epochs).toBe(3);
      expect(Number.isFinite(p.loss) && Number.isFinite(p.valLoss)).toBe(true);
    }
  });

  it('writes complete metadata with chronological, disjoint ranges', () => {
    const m = model.metadata;
    // The backend this machine actually chose (wasm here, tensorflow where tfjs-node installs).
    expect(BACKENDS).toContain(m.backend);
    expect(m.backend).toBe(tf.getBackend());
    expect(m).toMatchObject({ recipe: 'ens-gru4+ridge-v1', symbol: 'SYN', seed: 7, epochsRun: 3, trainedAt: TINY.trainedAt, features: [...FEATURE_NAMES] });
    expect(m.dataHash).toMatch(/^[0-9a-f]{64}$/);
    const { train: tr, validation: va, evaluation: ev } = m.dataRange;
    expect(tr.to < va.from && va.to < ev.from).toBe(true);
    expect(ev).toEqual({ from: bars[bars.length - 60]?.date, to: at(bars, bars.length - 1)?.date, n: 60 });
    expect(m.evaluation.overlapsTraining).toBe(false);
    expect(m.evaluation.range).toEqual(ev);
    expect(m.evaluation.baselines.persistence.mape).toBeGreaterThan(0);
    expect(m.evaluation.model.directionCi95.low).toBeLessThanOrEqual(m.evaluation.model.directionAccuracy);
    expect(m.hyperParameters).toMatchObject({ lookback: 10, gruUnits: 4, maxEpochs: 3 });
  });

  it('is reproducible: same data and seed give identical predictions and metrics', async () => {
    const again = await train();
    try {
      expect(predictNext(again, bars)).toEqual(predictNext(model, bars));
      expect(again.metadata.evaluation).toEqual(model.metadata.evaluation);
      expect(await memberFiles(again)).toEqual(await memberFiles(model));
    } finally {
      disposeEnsemble(again);
    }
  });

  it('the evaluated fit fits nothing on the evaluation sessions: changing them leaves every fitted parameter unchanged', async () => {
    const evFrom = model.metadata.dataRange.evaluation.from;
    // The origin of the first evaluated session is the day before it: its close is input, so keep it.
    const changed = bars.map((b) => (b.date >= evFrom ? { ...b, close: b.close * 1.5, high: b.high * 1.6, volume: b.volume * 9 } : b));
    const [evaluated, other] = [await train({ refit: false }), await train({ bars: changed, refit: false })];
    try {
      expect(other.state).toEqual(evaluated.state);
      expect(await memberFiles(other)).toEqual(await memberFiles(evaluated));
      expect(other.metadata.evaluation).not.toEqual(evaluated.metadata.evaluation);
      // The same evaluation as the refitted model's: the refit comes after it.
      expect(evaluated.metadata.evaluation).toEqual(model.metadata.evaluation);
    } finally {
      disposeEnsemble(evaluated);
      disposeEnsemble(other);
    }
  });

  it('the served fit is refitted through the last bar: changing the evaluation sessions moves it', async () => {
    const evFrom = model.metadata.dataRange.evaluation.from;
    const changed = bars.map((b) => (b.date >= evFrom ? { ...b, close: b.close * 1.5, high: b.high * 1.6, volume: b.volume * 9 } : b));
    const other = await train({ bars: changed });
    try {
      expect(other.state.scaler).not.toEqual(model.state.scaler);
      expect(other.state.volatility).not.toEqual(model.state.volatility);
      expect(other.metadata.fits.served!.bars.to).toBe(at(bars, bars.length - 1).date);
    } finally {
      disposeEnsemble(other);
    }
  });

  it('fits the evaluated scaler on the training window only: changing validation sessions does not move it', async () => {
    const valFrom = model.metadata.dataRange.validation.from;
    const changed = bars.map((b) => (b.date >= valFrom ? { ...b, close: b.close * 0.7, low: b.low * 0.6, volume: b.volume * 5 } : b));
    const [evaluated, other] = [await train({ refit: false }), await train({ bars: changed, refit: false })];
    try {
      expect(other.state.scaler).toEqual(evaluated.state.scaler);
      expect(other.state.gru?.targetMean).toBe(evaluated.state.gru?.targetMean);
      expect(other.state.volatility).toEqual(evaluated.state.volatility);
      expect(other.state.calibration).not.toEqual(evaluated.state.calibration);
    } finally {
      disposeEnsemble(evaluated);
      disposeEnsemble(other);
    }
  });

  it('does not grow the tensor count across epochs or training runs', async () => {
    expect(new Set(tensorsPerEpoch).size).toBe(1);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 2; i++) disposeEnsemble(await train({ epochs: 2 }));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops on an abort signal between batches, disposing its tensors', async () => {
    const before = tf.memory().numTensors;
    const ac = new AbortController();
    const run = train({ epochs: 50, signal: ac.signal, onEpoch: (p) => (p.epoch === 2 ? ac.abort() : undefined) });
    const err = await run.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrainingCancelledError);
    expect(err).toMatchObject({ name: 'TrainingCancelledError', symbol: 'SYN', epochsDone: 2 });
    expect(tf.memory().numTensors).toBe(before);
  });
});
