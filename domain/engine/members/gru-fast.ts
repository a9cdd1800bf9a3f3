/**
 * The GRU member's trainer: the same network, loss, optimiser, seeded batch order, early stopping
 * and progress/cancellation contract as `fitGru` (the per-step tfjs autodiff loop, kept as the
 * reference), but each batch is one whole-sequence forward/backward over typed arrays
 * (gru-math.ts) instead of ~3,000 tensor kernels. The tfjs model supplies the seeded initial
 * weights and receives the trained ones, so saving, loading and predicting are unchanged.
 */
import * as tf from '@tensorflow/tfjs';
import { mulberry32 as createRng, shuffled } from '../../../common/random.js';
import { TrainingCancelledError } from '../errors.js';
import { Adam } from './adam.js';
import type { EpochProgress, GruConfig, GruFitOptions, GruFitResult } from './gru.js';
import { GruWorkspace, meanLoss, paramCount, paramSizes, type GruShape, type ProductsChoice } from './gru-math.js';

/**
 * Trains `model` in place. `products` picks the matrix products (default: WebAssembly SIMD where
 * the runtime has it); bench:torch runs both, which train to the same bits.
 */
export async function fitGruFast(model: tf.LayersModel, c: GruConfig, o: GruFitOptions, { products }: { products?: ProductsChoice } = {}): Promise<GruFitResult> {
  const shape: GruShape = { lookback: c.lookback, features: c.features, units: c.units };
  const n = o.y.length;
  checkLengths(shape, o);
  const ws = new GruWorkspace(shape, Math.max(1, Math.min(o.batchSize, n)), { products });
  const { params, grad } = ws;
  params.set(readWeights(model, shape));
  const adam = new Adam(params.length, { learningRate: o.learningRate });
  const rng = createRng(o.seed);
  const history: EpochProgress[] = [];
  let best: Float64Array | undefined;
  let bestLoss = Number.POSITIVE_INFINITY;
  let bestEpoch = 0;
  const checkCancel = (epochsDone: number) => {
    if (o.signal?.aborted) throw new TrainingCancelledError(o.symbol, epochsDone, { cause: o.signal.reason });
  };
  const order = Array.from({ length: n }, (_, i) => i);
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    const perm = Int32Array.from(shuffled(order, rng));
    let lossSum = 0;
    for (let from = 0; from < n; from += o.batchSize) {
      checkCancel(epoch - 1);
      const to = Math.min(n, from + o.batchSize);
      ws.forward(o.x, perm, from, to);
      lossSum += ws.backward(o.y, perm, from, to) * (to - from);
      adam.step(params, grad);
      // Let timers, heartbeats and abort events run between batches.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    // Without validation windows (the refit before serving) exactly `epochs` epochs run.
    const valLoss = o.xVal && o.yVal ? meanLoss(ws, o.xVal, o.yVal) : Number.NaN;
    const progress = { epoch, epochs: o.epochs, loss: lossSum / n, valLoss };
    history.push(progress);
    if (!o.xVal) {
      bestEpoch = epoch;
    } else if (valLoss < bestLoss - 1e-9) {
      bestLoss = valLoss;
      bestEpoch = epoch;
      best = params.slice();
    }
    await o.onEpoch?.(progress);
    if (epoch - bestEpoch >= o.patience) break;
  }
  checkCancel(history.length);
  writeWeights(model, best ?? params, shape);
  return { epochsRun: history.length, bestEpoch, history };
}

function checkLengths(s: GruShape, o: GruFitOptions): void {
  const per = s.lookback * s.features;
  for (const [name, x, y] of [['x', o.x, o.y], ['xVal', o.xVal, o.yVal]] as const) {
    if (x === undefined || y === undefined) {
      if (x !== y) throw new RangeError(`GRU ${name} and its targets must be given together`);
      continue;
    }
    if (x.length !== y.length * per) throw new RangeError(`GRU ${name} has ${x.length} values for ${y.length} targets; expected ${y.length} × ${s.lookback} × ${s.features}`);
  }
  if (!(o.batchSize >= 1)) throw new RangeError(`GRU batchSize must be at least 1, got ${o.batchSize}`);
}

/** The model's weights (tfjs `getWeights()` order) as one float64 vector. */
export function readWeights(model: tf.LayersModel, s: GruShape): Float64Array {
  const weights = checkedWeights(model, s);
  const out = new Float64Array(paramCount(s));
  let off = 0;
  for (const w of weights) {
    out.set(w.dataSync(), off);
    off += w.size;
  }
  return out;
}

/** Writes a float64 vector (tfjs `getWeights()` order) into the model as float32 weights. */
export function writeWeights(model: tf.LayersModel, flat: Float64Array, s: GruShape): void {
  let off = 0;
  const tensors = checkedWeights(model, s).map((w) => {
    const t = tf.tensor(Float32Array.from(flat.subarray(off, off + w.size)), w.shape, 'float32');
    off += w.size;
    return t;
  });
  try {
    model.setWeights(tensors);
  } finally {
    tf.dispose(tensors);
  }
}

/** The model's weights, checked to have the sizes the member's shape needs (tfjs `getWeights()` order). */
function checkedWeights(model: tf.LayersModel, s: GruShape): tf.Tensor[] {
  const sizes = paramSizes(s);
  const weights = model.getWeights();
  const got = weights.map((w) => w.size);
  if (got.length !== sizes.length || got.some((n, i) => n !== sizes[i])) {
    throw new RangeError(`GRU model has weights of sizes [${got.join(', ')}], the member's shape needs [${sizes.join(', ')}]`);
  }
  return weights;
}
