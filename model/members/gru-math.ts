/**
 * Whole-sequence forward and backward pass of the GRU member's network over plain typed arrays
 * (no tensors, no per-op dispatch): GRU(units) over `lookback` steps → Dense(1), Huber loss
 * (delta 1, mean over the batch). The same arithmetic as the tfjs layers the member saves:
 * Keras-1 GRU with reset applied *before* the recurrent matmul (`reset_after: false`, the only
 * mode tfjs has), hard-sigmoid gates clip(0.2·a + 0.5, 0, 1), tanh candidate, gate order z, r, h
 * in kernel / recurrent_kernel / bias columns, one bias on the input side.
 * Computed in float64; weights convert to and from tfjs's float32 at the edges.
 */

export interface GruShape {
  lookback: number;
  features: number;
  units: number;
}

/** Views into one flat parameter (or gradient) vector, in tfjs `getWeights()` order. */
export interface GruParams {
  /** [features, 3·units], row-major. */
  kernel: Float64Array;
  /** [units, 3·units], row-major. */
  recurrentKernel: Float64Array;
  /** [3·units]. */
  bias: Float64Array;
  /** [units, 1]. */
  denseKernel: Float64Array;
  /** [1]. */
  denseBias: Float64Array;
}

/** Element counts of the five weights, in tfjs `getWeights()` order. */
export function paramSizes(s: GruShape): number[] {
  const g = 3 * s.units;
  return [s.features * g, s.units * g, g, s.units, 1];
}

export function paramCount(s: GruShape): number {
  return paramSizes(s).reduce((a, b) => a + b, 0);
}

export function paramViews(flat: Float64Array, s: GruShape): GruParams {
  const sizes = paramSizes(s);
  if (flat.length !== paramCount(s)) throw new RangeError(`GRU parameter vector has ${flat.length} values, the shape needs ${paramCount(s)}`);
  const views: Float64Array[] = [];
  let off = 0;
  for (const n of sizes) {
    views.push(flat.subarray(off, off + n));
    off += n;
  }
  const [kernel, recurrentKernel, bias, denseKernel, denseBias] = views;
  return { kernel, recurrentKernel, bias, denseKernel, denseBias };
}

/** Huber loss (delta 1) of one error and its derivative. */
function huber(e: number): [number, number] {
  const a = Math.abs(e);
  return a <= 1 ? [0.5 * e * e, e] : [a - 0.5, e > 0 ? 1 : -1];
}

/**
 * Buffers for one batch of up to `maxBatch` windows, reused across batches. `forward` keeps
 * every step's gates and states for `backward` (backpropagation through time).
 */
export class GruWorkspace {
  readonly predictions: Float64Array;
  private readonly g: number;
  /** Per step t, per row b: input projections plus bias [t][b][3H]. */
  private readonly xg: Float64Array;
  /** Hidden states [t][b][H] for t = 0..T (state 0 is zeros). */
  private readonly hs: Float64Array;
  private readonly zs: Float64Array;
  private readonly rs: Float64Array;
  private readonly hhs: Float64Array;
  /** r ⊙ h(t−1), the input of the candidate's recurrent matmul [t][b][H]. */
  private readonly rhs: Float64Array;
  /** Gradients of the gate pre-activations [t][b][3H]. */
  private readonly dg: Float64Array;
  private readonly dh: Float64Array;
  private readonly dhPrev: Float64Array;
  private readonly acc: Float64Array;
  private rows = 0;

  constructor(
    readonly shape: GruShape,
    readonly maxBatch: number,
  ) {
    const { lookback: T, units: H } = shape;
    this.g = 3 * H;
    this.predictions = new Float64Array(maxBatch);
    this.xg = new Float64Array(T * maxBatch * this.g);
    this.hs = new Float64Array((T + 1) * maxBatch * H);
    this.zs = new Float64Array(T * maxBatch * H);
    this.rs = new Float64Array(T * maxBatch * H);
    this.hhs = new Float64Array(T * maxBatch * H);
    this.rhs = new Float64Array(T * maxBatch * H);
    this.dg = new Float64Array(T * maxBatch * this.g);
    this.dh = new Float64Array(maxBatch * H);
    this.dhPrev = new Float64Array(maxBatch * H);
    this.acc = new Float64Array(this.g);
  }

  /**
   * Predictions for windows `x[index[from..to)]` (x is [n, lookback, features]); the first
   * `to − from` entries of `predictions`.
   */
  forward(p: GruParams, x: Float32Array, index: ArrayLike<number>, from: number, to: number): Float64Array {
    const { lookback: T, features: F, units: H } = this.shape;
    const G = this.g;
    const B = to - from;
    if (B > this.maxBatch || B < 0) throw new RangeError(`batch of ${B} windows does not fit a workspace for ${this.maxBatch}`);
    this.rows = B;
    const { xg, hs, zs, rs, hhs, rhs, acc } = this;
    const W = p.kernel;
    const U = p.recurrentKernel;
    const bias = p.bias;
    // Input projections of all steps at once: xg[t][b] = x[row b, t] · W + bias.
    for (let b = 0; b < B; b++) {
      const xRow = index[from + b] * T * F;
      for (let t = 0; t < T; t++) {
        const xOff = xRow + t * F;
        const o = (t * B + b) * G;
        for (let j = 0; j < G; j++) xg[o + j] = bias[j];
        for (let i = 0; i < F; i++) {
          const xi = x[xOff + i];
          if (xi === 0) continue;
          const w = i * G;
          for (let j = 0; j < G; j++) xg[o + j] += xi * W[w + j];
        }
      }
    }
    hs.fill(0, 0, B * H);
    for (let t = 0; t < T; t++) {
      for (let b = 0; b < B; b++) {
        const hp = (t * B + b) * H;
        const hn = ((t + 1) * B + b) * H;
        const s = (t * B + b) * H;
        const o = (t * B + b) * G;
        // z and r pre-activations: h(t−1) · U[:, 0:2H].
        for (let j = 0; j < 2 * H; j++) acc[j] = xg[o + j];
        for (let k = 0; k < H; k++) {
          const hk = hs[hp + k];
          const u = k * G;
          for (let j = 0; j < 2 * H; j++) acc[j] += hk * U[u + j];
        }
        for (let j = 0; j < H; j++) {
          zs[s + j] = hardSigmoid(acc[j]);
          const r = hardSigmoid(acc[H + j]);
          rs[s + j] = r;
          rhs[s + j] = r * hs[hp + j];
        }
        // Candidate: tanh(xh + (r ⊙ h(t−1)) · U[:, 2H:3H]).
        for (let j = 0; j < H; j++) acc[j] = xg[o + 2 * H + j];
        for (let k = 0; k < H; k++) {
          const rk = rhs[s + k];
          const u = k * G + 2 * H;
          for (let j = 0; j < H; j++) acc[j] += rk * U[u + j];
        }
        for (let j = 0; j < H; j++) {
          const hh = Math.tanh(acc[j]);
          hhs[s + j] = hh;
          const z = zs[s + j];
          hs[hn + j] = z * hs[hp + j] + (1 - z) * hh;
        }
      }
    }
    const last = T * B * H;
    const dk = p.denseKernel;
    const db = p.denseBias[0];
    for (let b = 0; b < B; b++) {
      let y = db;
      for (let j = 0; j < H; j++) y += hs[last + b * H + j] * dk[j];
      this.predictions[b] = y;
    }
    return this.predictions;
  }

  /**
   * After `forward` on the same rows: writes the gradient of the batch's mean Huber loss
   * against `y[index[from..to)]` into `grad` (overwritten) and returns that loss.
   */
  backward(p: GruParams, grad: GruParams, x: Float32Array, y: Float32Array, index: ArrayLike<number>, from: number, to: number): number {
    const { lookback: T, features: F, units: H } = this.shape;
    const G = this.g;
    const B = to - from;
    if (B !== this.rows) throw new RangeError(`backward over ${B} rows after a forward over ${this.rows}`);
    const { hs, zs, rs, hhs, rhs, dg, acc } = this;
    let dh = this.dh;
    let dhPrev = this.dhPrev;
    const U = p.recurrentKernel;
    const dU = grad.recurrentKernel;
    dU.fill(0);
    grad.kernel.fill(0);
    grad.bias.fill(0);
    grad.denseKernel.fill(0);
    let dDenseBias = 0;
    let lossSum = 0;
    const last = T * B * H;
    for (let b = 0; b < B; b++) {
      const [l, d] = huber(this.predictions[b] - y[index[from + b]]);
      lossSum += l;
      const dy = d / B;
      dDenseBias += dy;
      for (let j = 0; j < H; j++) {
        grad.denseKernel[j] += dy * hs[last + b * H + j];
        dh[b * H + j] = dy * p.denseKernel[j];
      }
    }
    grad.denseBias[0] = dDenseBias;
    for (let t = T - 1; t >= 0; t--) {
      for (let b = 0; b < B; b++) {
        const hp = (t * B + b) * H;
        const s = (t * B + b) * H;
        const o = (t * B + b) * G;
        const d = b * H;
        // Through h = z ⊙ h(t−1) + (1 − z) ⊙ hh and hh = tanh(·).
        for (let j = 0; j < H; j++) {
          const g = dh[d + j];
          const z = zs[s + j];
          const hh = hhs[s + j];
          const hPrev = hs[hp + j];
          dhPrev[d + j] = g * z;
          const dz = g * (hPrev - hh);
          dg[o + j] = z > 0 && z < 1 ? 0.2 * dz : 0;
          dg[o + 2 * H + j] = g * (1 - z) * (1 - hh * hh);
        }
        // Candidate's recurrent matmul: d(r ⊙ h(t−1)) = dah · U[:, 2H:]ᵀ; dU[:, 2H:] += (r ⊙ h(t−1))ᵀ · dah.
        for (let k = 0; k < H; k++) {
          const u = k * G + 2 * H;
          const rk = rhs[s + k];
          let sum = 0;
          for (let j = 0; j < H; j++) {
            const da = dg[o + 2 * H + j];
            sum += da * U[u + j];
            dU[u + j] += rk * da;
          }
          const r = rs[s + k];
          dhPrev[d + k] += sum * r;
          const dr = sum * hs[hp + k];
          dg[o + H + k] = r > 0 && r < 1 ? 0.2 * dr : 0;
        }
        // z and r recurrent matmul: dh(t−1) += [daz, dar] · U[:, 0:2H]ᵀ; dU[:, 0:2H] += h(t−1)ᵀ · [daz, dar].
        for (let j = 0; j < 2 * H; j++) acc[j] = dg[o + j];
        for (let k = 0; k < H; k++) {
          const u = k * G;
          const hk = hs[hp + k];
          let sum = 0;
          for (let j = 0; j < 2 * H; j++) {
            const da = acc[j];
            sum += da * U[u + j];
            dU[u + j] += hk * da;
          }
          dhPrev[d + k] += sum;
        }
      }
      const swap = dh;
      dh = dhPrev;
      dhPrev = swap;
    }
    // Input kernel and bias: dW = Σ_t,b x(t, b)ᵀ · dg(t, b).
    const dW = grad.kernel;
    const dBias = grad.bias;
    for (let b = 0; b < B; b++) {
      const xRow = index[from + b] * T * F;
      for (let t = 0; t < T; t++) {
        const xOff = xRow + t * F;
        const o = (t * B + b) * G;
        for (let j = 0; j < G; j++) dBias[j] += dg[o + j];
        for (let i = 0; i < F; i++) {
          const xi = x[xOff + i];
          if (xi === 0) continue;
          const w = i * G;
          for (let j = 0; j < G; j++) dW[w + j] += xi * dg[o + j];
        }
      }
    }
    return lossSum / B;
  }
}

/** tfjs-layers' hardSigmoid: clip(0.2·a + 0.5, 0, 1). */
function hardSigmoid(a: number): number {
  const v = 0.2 * a + 0.5;
  return v <= 0 ? 0 : v >= 1 ? 1 : v;
}

/** Mean Huber loss of the network over windows `x` against `y`, in batches of the workspace size. */
export function meanLoss(ws: GruWorkspace, p: GruParams, x: Float32Array, y: Float32Array): number {
  const n = y.length;
  if (n === 0) return Number.NaN;
  const index = identity(n);
  let sum = 0;
  for (let from = 0; from < n; from += ws.maxBatch) {
    const to = Math.min(n, from + ws.maxBatch);
    const pred = ws.forward(p, x, index, from, to);
    for (let b = 0; b < to - from; b++) sum += huber(pred[b] - y[from + b])[0];
  }
  return sum / n;
}

const identities = new Map<number, Int32Array>();
function identity(n: number): Int32Array {
  let out = identities.get(n);
  if (!out) {
    out = Int32Array.from({ length: n }, (_, i) => i);
    if (identities.size > 8) identities.clear();
    identities.set(n, out);
  }
  return out;
}
