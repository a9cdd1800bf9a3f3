import * as tf from '@tensorflow/tfjs';
import { ModelIntegrityError } from '../../../common/errors.js';
import { TrainingCancelledError } from '../errors.js';
import { mulberry32 as createRng, shuffled } from '../../../common/random.js';

/**
 * Small recurrent member: GRU over a window of scaled feature rows → one output, the
 * standardised next-day log return. Seeded initialisers, seeded batch order. `fitGru` is the
 * per-step tfjs autodiff loop, kept as the reference for `fitGruFast` (gru-fast.ts), which
 * trainModel uses; saving, loading and prediction are tfjs's for both.
 */
export interface GruConfig {
  lookback: number;
  features: number;
  units: number;
  seed: number;
}

export interface EpochProgress {
  epoch: number;
  epochs: number;
  loss: number;
  valLoss: number;
}

export interface GruFitOptions {
  /** Windows [n, lookback, features] and standardised targets [n]. */
  x: Float32Array;
  y: Float32Array;
  /** Validation windows for early stopping; without them exactly `epochs` epochs run (a refit). */
  xVal?: Float32Array;
  yVal?: Float32Array;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Stop after this many epochs without a better validation loss; best weights are restored. */
  patience: number;
  seed: number;
  /** Label for errors. */
  symbol: string;
  onEpoch?: (p: EpochProgress) => void | Promise<void>;
  signal?: AbortSignal;
}

export interface GruFitResult {
  epochsRun: number;
  bestEpoch: number;
  history: EpochProgress[];
}

export function buildGru(c: GruConfig): tf.LayersModel {
  const model = tf.sequential({ name: 'gru_member' });
  model.add(
    tf.layers.gru({
      units: c.units,
      inputShape: [c.lookback, c.features],
      kernelInitializer: tf.initializers.glorotUniform({ seed: c.seed }),
      recurrentInitializer: tf.initializers.orthogonal({ seed: c.seed + 1, gain: 1 }),
      biasInitializer: 'zeros',
    }),
  );
  model.add(tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: c.seed + 2 }) }));
  return model;
}

const loss = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.huberLoss(yTrue, yPred, undefined, 1.0) as tf.Scalar;

export async function fitGru(model: tf.LayersModel, c: GruConfig, o: GruFitOptions): Promise<GruFitResult> {
  const n = o.y.length;
  const x = tf.tensor3d(o.x, [n, c.lookback, c.features]);
  const y = tf.tensor2d(o.y, [n, 1]);
  const xVal = o.xVal && o.yVal ? tf.tensor3d(o.xVal, [o.yVal.length, c.lookback, c.features]) : null;
  const yVal = o.xVal && o.yVal ? tf.tensor2d(o.yVal, [o.yVal.length, 1]) : null;
  const optimizer = tf.train.adam(o.learningRate);
  const rng = createRng(o.seed);
  const history: EpochProgress[] = [];
  let best: tf.Tensor[] | undefined;
  let bestLoss = Number.POSITIVE_INFINITY;
  let bestEpoch = 0;
  const checkCancel = (epochsDone: number) => {
    if (o.signal?.aborted) throw new TrainingCancelledError(o.symbol, epochsDone, { cause: o.signal.reason });
  };
  try {
    const order = Array.from({ length: n }, (_, i) => i);
    for (let epoch = 1; epoch <= o.epochs; epoch++) {
      const perm = shuffled(order, rng);
      let lossSum = 0;
      for (let b = 0; b < n; b += o.batchSize) {
        checkCancel(epoch - 1);
        const idx = tf.tensor1d(perm.slice(b, b + o.batchSize), 'int32');
        const batchLoss = tf.tidy(() => {
          const xb = tf.gather(x, idx);
          const yb = tf.gather(y, idx);
          return optimizer.minimize(() => loss(yb, model.apply(xb, { training: true }) as tf.Tensor), true) as tf.Scalar;
        });
        lossSum += (await batchLoss.data())[0]! * idx.shape[0]!; // a scalar loss; a 1-d index tensor
        batchLoss.dispose();
        idx.dispose();
        // Let timers, heartbeats and abort events run between batches.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      const valLoss = xVal && yVal ? tf.tidy(() => loss(yVal, model.predict(xVal) as tf.Tensor).dataSync()[0]!) : Number.NaN; // a scalar loss
      const progress = { epoch, epochs: o.epochs, loss: lossSum / n, valLoss };
      history.push(progress);
      if (!xVal) {
        bestEpoch = epoch;
      } else if (valLoss < bestLoss - 1e-9) {
        bestLoss = valLoss;
        bestEpoch = epoch;
        best?.forEach((t) => t.dispose());
        best = model.getWeights().map((w) => w.clone());
      }
      await o.onEpoch?.(progress);
      if (epoch - bestEpoch >= o.patience) break;
    }
    checkCancel(history.length);
    if (best) model.setWeights(best);
    return { epochsRun: history.length, bestEpoch, history };
  } finally {
    best?.forEach((t) => t.dispose());
    optimizer.dispose();
    tf.dispose([x, y, ...(xVal && yVal ? [xVal, yVal] : [])]);
  }
}

/** Standardised predictions for windows [n, lookback, features]. */
export function predictGru(model: tf.LayersModel, c: GruConfig, x: Float32Array): Float32Array {
  const n = x.length / (c.lookback * c.features);
  if (n === 0) return new Float32Array(0);
  return tf.tidy(() => (model.predict(tf.tensor3d(x, [n, c.lookback, c.features])) as tf.Tensor).dataSync() as Float32Array);
}

export interface GruFiles {
  'model.json': Uint8Array;
  'weights.bin': Uint8Array;
}

/** Saves in the layout tfjs-node's `file://` handler writes: model.json + weights.bin. */
export async function saveGru(model: tf.LayersModel): Promise<GruFiles> {
  let out: GruFiles | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weightData = artifacts.weightData;
      const weights = Array.isArray(weightData) ? concat(weightData) : new Uint8Array(weightData ?? new ArrayBuffer(0));
      const modelJson = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
      };
      out = { 'model.json': new TextEncoder().encode(JSON.stringify(modelJson)), 'weights.bin': weights };
      return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON', weightDataBytes: weights.byteLength } };
    }),
  );
  if (!out) throw new Error('tfjs save handler was not called');
  return out;
}

const BYTES_PER_DTYPE: Record<string, number> = { float32: 4, int32: 4, bool: 1 };

/** Loads model.json + weights.bin; refuses truncated, padded or non-finite weights. */
export async function loadGru(files: GruFiles): Promise<tf.LayersModel> {
  let parsed: { modelTopology?: object; weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[]; format?: string; generatedBy?: string; convertedBy?: string | null };
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(files['model.json']));
  } catch (err) {
    throw new ModelIntegrityError('model.json', 'not valid JSON', { cause: err });
  }
  if (!parsed.modelTopology || !Array.isArray(parsed.weightsManifest)) {
    throw new ModelIntegrityError('model.json', 'missing modelTopology or weightsManifest');
  }
  const specs = parsed.weightsManifest.flatMap((g) => g.weights);
  let expected = 0;
  for (const s of specs) {
    const size = BYTES_PER_DTYPE[s.dtype ?? 'float32'];
    if (!size || s.quantization) throw new ModelIntegrityError('model.json', `unsupported weight dtype for ${s.name}`);
    expected += s.shape.reduce((a, b) => a * b, 1) * size;
  }
  const bin = files['weights.bin'];
  if (bin.byteLength !== expected) {
    throw new ModelIntegrityError('weights.bin', `${bin.byteLength} bytes, the manifest describes ${expected}`);
  }
  const buffer = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer;
  if (specs.every((s) => (s.dtype ?? 'float32') === 'float32') && !new Float32Array(buffer).every(Number.isFinite)) {
    throw new ModelIntegrityError('weights.bin', 'contains NaN or infinite weights');
  }
  try {
    return await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: parsed.modelTopology, weightSpecs: specs, weightData: buffer, format: parsed.format, generatedBy: parsed.generatedBy, convertedBy: parsed.convertedBy ?? undefined }),
    );
  } catch (err) {
    throw new ModelIntegrityError('model.json', `tfjs could not build the model: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

function concat(parts: ArrayBuffer[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
  let off = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), off);
    off += p.byteLength;
  }
  return out;
}
