/**
 * Whole-sequence forward and backward pass of the GRU member's network over plain typed arrays
 * (no tensors, no per-op dispatch): GRU(units) over `lookback` steps → Dense(1), Huber loss
 * (delta 1, mean over the batch). The same arithmetic as the tfjs layers the member saves:
 * Keras-1 GRU with reset applied *before* the recurrent matmul (`reset_after: false`, the only
 * mode tfjs has), hard-sigmoid gates clip(0.2·a + 0.5, 0, 1), tanh candidate, gate order z, r, h
 * in kernel / recurrent_kernel / bias columns, one bias on the input side.
 * Computed in float64; weights convert to and from tfjs's float32 at the edges. The matrix
 * products run in WebAssembly SIMD where the runtime has it (same bits as the JavaScript ones).
 */
// `x[i]!` (noUncheckedIndexedAccess): indices are in range by construction of the loop bounds and buffer sizes; no checks in hot loops.
import { jsProducts, type Mat, type MatrixProducts } from './gemm.js';
import { simdProducts } from './gemm-simd.js';

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

function paramViews(flat: Float64Array, s: GruShape): GruParams {
  if (flat.length !== paramCount(s)) throw new RangeError(`GRU parameter vector has ${flat.length} values, the shape needs ${paramCount(s)}`);
  let off = 0;
  const take = (n: number): Float64Array => {
    const view = flat.subarray(off, off + n);
    off += n;
    return view;
  };
  // Taken in paramSizes order.
  const g = 3 * s.units;
  return { kernel: take(s.features * g), recurrentKernel: take(s.units * g), bias: take(g), denseKernel: take(s.units), denseBias: take(1) };
}

/** Huber loss (delta 1) of one error, and its derivative. */
function huberLoss(e: number): number {
  const a = Math.abs(e);
  return a <= 1 ? 0.5 * e * e : a - 0.5;
}

function huberSlope(e: number): number {
  return e > 1 ? 1 : e < -1 ? -1 : e;
}

/** Which matrix products a workspace uses: WebAssembly SIMD when available (the default), or JavaScript. */
export type ProductsChoice = 'simd' | 'js';

/**
 * The network's parameters and gradient, and buffers for one batch of up to `maxBatch` windows,
 * reused across batches. `forward` keeps every step's gates and states for `backward`
 * (backpropagation through time). Per-step arrays are laid out [t][b][·] so each step's rows
 * form one matrix for the products in gemm.ts.
 */
export class GruWorkspace {
  /** The parameters, one flat vector in tfjs `getWeights()` order (set them before `forward`). */
  readonly params: Float64Array;
  /** The gradient `backward` writes, laid out like `params`. */
  readonly grad: Float64Array;
  readonly predictions: Float64Array;
  /** The products in use: 'simd' unless asked for 'js' or the runtime has no WebAssembly SIMD. */
  readonly products: ProductsChoice;
  private readonly p: GruParams;
  private readonly dp: GruParams;
  private readonly mm: MatrixProducts;
  private readonly g: number;
  /** The recurrent kernel transposed [3H][H], so its ᵀ-products in backward are plain products. */
  private readonly ut: Float64Array;
  /** The batch's windows gathered [t][b][F] (float64). */
  private readonly xb: Float64Array;
  /** One step's gate pre-activations [b][3H]: input projection + bias + recurrent term (only the step in hand is kept, so it stays in cache). */
  private readonly pre: Float64Array;
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
  /** Gradient of r ⊙ h(t−1) for one step [b][H]. */
  private readonly drh: Float64Array;
  private rows = 0;

  constructor(
    readonly shape: GruShape,
    readonly maxBatch: number,
    options: { products?: ProductsChoice } = {},
  ) {
    const { lookback: T, features: F, units: H } = shape;
    const G = 3 * H;
    const P = paramCount(shape);
    const perStep = T * maxBatch * H;
    const perBatch = maxBatch * H;
    // Every buffer's length, so the products' memory is sized from the very list the buffers are taken from.
    const lengths = {
      params: P, grad: P, ut: G * H, predictions: maxBatch, xb: T * maxBatch * F, pre: maxBatch * G, hs: (T + 1) * perBatch,
      zs: perStep, rs: perStep, hhs: perStep, rhs: perStep, dg: T * maxBatch * G, dh: perBatch, dhPrev: perBatch, drh: perBatch,
    };
    const simd = options.products === 'js' ? undefined : simdProducts(Object.values(lengths).reduce((a, b) => a + b, 0));
    this.mm = simd ?? jsProducts;
    this.products = simd ? 'simd' : 'js';
    const take = (name: keyof typeof lengths) => this.mm.float64s(lengths[name]);
    this.g = G;
    this.params = take('params');
    this.grad = take('grad');
    this.p = paramViews(this.params, shape);
    this.dp = paramViews(this.grad, shape);
    this.ut = take('ut');
    this.predictions = take('predictions');
    this.xb = take('xb');
    this.pre = take('pre');
    this.hs = take('hs');
    this.zs = take('zs');
    this.rs = take('rs');
    this.hhs = take('hhs');
    this.rhs = take('rhs');
    this.dg = take('dg');
    this.dh = take('dh');
    this.dhPrev = take('dhPrev');
    this.drh = take('drh');
  }

  /**
   * Predictions for windows `x[index[from..to)]` (x is [n, lookback, features]); the first
   * `to − from` entries of `predictions`.
   */
  forward(x: Float32Array, index: ArrayLike<number>, from: number, to: number): Float64Array {
    const { lookback: T, features: F, units: H } = this.shape;
    const { p, mm } = this;
    const G = this.g;
    const B = to - from;
    if (B > this.maxBatch || B < 0) throw new RangeError(`batch of ${B} windows does not fit a workspace for ${this.maxBatch}`);
    this.rows = B;
    const { xb, pre, hs, zs, rs, hhs, rhs } = this;
    const U = p.recurrentKernel;
    for (let b = 0; b < B; b++) {
      const src = index[from + b]! * T * F;
      for (let t = 0; t < T; t++) {
        const dst = (t * B + b) * F;
        for (let i = 0; i < F; i++) xb[dst + i] = x[src + t * F + i]!;
      }
    }
    const bias = p.bias;
    hs.fill(0, 0, B * H);
    for (let t = 0; t < T; t++) {
      const st = t * B * H;
      const pt = 0;
      // This step's input projection: pre = x(t) · W + bias.
      for (let r = 0; r < B; r++) {
        const o = r * G;
        for (let j = 0; j < G; j++) pre[o + j] = bias[j]!;
      }
      mm.addAB(mat(xb, t * B * F, F), mat(p.kernel, 0, G), mat(pre, 0, G), B, F, G);
      // z and r: += h(t−1) · U[:, 0:2H] (nothing to add at t = 0, where h(−1) = 0).
      if (t > 0) mm.addAB(mat(hs, st, H), mat(U, 0, G), mat(pre, pt, G), B, H, 2 * H);
      for (let b = 0; b < B; b++) {
        const s = st + b * H;
        const o = pt + b * G;
        for (let j = 0; j < H; j++) {
          zs[s + j] = hardSigmoid(pre[o + j]!);
          const r = hardSigmoid(pre[o + H + j]!);
          rs[s + j] = r;
          rhs[s + j] = r * hs[s + j]!;
        }
      }
      // Candidate: tanh(xh + (r ⊙ h(t−1)) · U[:, 2H:3H]).
      if (t > 0) mm.addAB(mat(rhs, st, H), mat(U, 2 * H, G), mat(pre, pt + 2 * H, G), B, H, H);
      const next = st + B * H;
      for (let b = 0; b < B; b++) {
        const s = st + b * H;
        const o = pt + b * G + 2 * H;
        for (let j = 0; j < H; j++) {
          const hh = tanh(pre[o + j]!);
          hhs[s + j] = hh;
          const z = zs[s + j]!;
          hs[next + b * H + j] = z * hs[s + j]! + (1 - z) * hh;
        }
      }
    }
    const last = T * B * H;
    const dk = p.denseKernel;
    const db = p.denseBias[0]!;
    for (let b = 0; b < B; b++) {
      let y = db;
      for (let j = 0; j < H; j++) y += hs[last + b * H + j]! * dk[j]!;
      this.predictions[b] = y;
    }
    return this.predictions;
  }

  /**
   * After `forward` on the same rows: writes the gradient of the batch's mean Huber loss
   * against `y[index[from..to)]` into `grad` (overwritten) and returns that loss.
   */
  backward(y: Float32Array, index: ArrayLike<number>, from: number, to: number): number {
    const { lookback: T, features: F, units: H } = this.shape;
    const { p, dp: grad, mm, ut } = this;
    const G = this.g;
    const B = to - from;
    if (B !== this.rows) throw new RangeError(`backward over ${B} rows after a forward over ${this.rows}`);
    const { xb, hs, zs, rs, hhs, rhs, dg, drh } = this;
    let dh = this.dh;
    let dhPrev = this.dhPrev;
    const U = p.recurrentKernel;
    for (let k = 0; k < H; k++) {
      for (let j = 0; j < G; j++) ut[j * H + k] = U[k * G + j]!;
    }
    grad.recurrentKernel.fill(0);
    grad.kernel.fill(0);
    grad.bias.fill(0);
    grad.denseKernel.fill(0);
    let dDenseBias = 0;
    let lossSum = 0;
    const last = T * B * H;
    for (let b = 0; b < B; b++) {
      const e = this.predictions[b]! - y[index[from + b]!]!;
      lossSum += huberLoss(e);
      const dy = huberSlope(e) / B;
      dDenseBias += dy;
      for (let j = 0; j < H; j++) {
        grad.denseKernel[j]! += dy * hs[last + b * H + j]!;
        dh[b * H + j] = dy * p.denseKernel[j]!;
      }
    }
    grad.denseBias[0] = dDenseBias;
    for (let t = T - 1; t >= 0; t--) {
      const st = t * B * H;
      const pt = t * B * G;
      // Through h = z ⊙ h(t−1) + (1 − z) ⊙ hh and hh = tanh(·).
      for (let b = 0; b < B; b++) {
        const s = st + b * H;
        const o = pt + b * G;
        const d = b * H;
        for (let j = 0; j < H; j++) {
          const g = dh[d + j]!;
          const z = zs[s + j]!;
          const hh = hhs[s + j]!;
          dhPrev[d + j] = g * z;
          const dz = g * (hs[s + j]! - hh);
          dg[o + j] = z > 0 && z < 1 ? 0.2 * dz : 0;
          dg[o + 2 * H + j] = g * (1 - z) * (1 - hh * hh);
        }
      }
      // At t = 0, h(−1) = 0 is no parameter: r gets no gradient and dh(−1) is not needed.
      if (t === 0) {
        for (let b = 0; b < B; b++) dg.fill(0, pt + b * G + H, pt + b * G + 2 * H);
        break;
      }
      // d(r ⊙ h(t−1)) = dah · U[:, 2H:3H]ᵀ, then through r and h(t−1).
      drh.fill(0, 0, B * H);
      mm.addAB(mat(dg, pt + 2 * H, G), mat(ut, 2 * H * H, H), mat(drh, 0, H), B, H, H);
      for (let b = 0; b < B; b++) {
        const s = st + b * H;
        const o = pt + b * G + H;
        const d = b * H;
        for (let k = 0; k < H; k++) {
          const g = drh[d + k]!;
          const r = rs[s + k]!;
          dhPrev[d + k]! += g * r;
          dg[o + k] = r > 0 && r < 1 ? 0.2 * g * hs[s + k]! : 0;
        }
      }
      // dh(t−1) += [daz, dar] · U[:, 0:2H]ᵀ.
      mm.addAB(mat(dg, pt, G), mat(ut, 0, H), mat(dhPrev, 0, H), B, 2 * H, H);
      const swap = dh;
      dh = dhPrev;
      dhPrev = swap;
    }
    // Weight gradients, each one reduction over all steps and rows (the recurrent kernel's from
    // t = 1 on: at t = 0 its inputs h(−1) and r ⊙ h(−1) are zero).
    const rows = T * B;
    const later = B * G;
    mm.addAtB(mat(hs, B * H, H), mat(dg, later, G), mat(grad.recurrentKernel, 0, G), rows - B, H, 2 * H);
    mm.addAtB(mat(rhs, B * H, H), mat(dg, later + 2 * H, G), mat(grad.recurrentKernel, 2 * H, G), rows - B, H, H);
    mm.addAtB(mat(xb, 0, F), mat(dg, 0, G), mat(grad.kernel, 0, G), rows, F, G);
    const dBias = grad.bias;
    for (let r = 0; r < rows; r++) {
      const o = r * G;
      for (let j = 0; j < G; j++) dBias[j]! += dg[o + j]!;
    }
    return lossSum / B;
  }
}

const mat = (data: Float64Array, offset: number, stride: number): Mat => ({ data, offset, stride });

/** tanh through one exp (cheaper than Math.tanh here; within 4e-16 of it), stable for any a. */
function tanh(a: number): number {
  const e = Math.exp(-2 * Math.abs(a));
  const t = (1 - e) / (1 + e);
  return a < 0 ? -t : t;
}

/** tfjs-layers' hardSigmoid: clip(0.2·a + 0.5, 0, 1). */
function hardSigmoid(a: number): number {
  const v = 0.2 * a + 0.5;
  return v <= 0 ? 0 : v >= 1 ? 1 : v;
}

/** Mean Huber loss of the network (the workspace's `params`) over windows `x` against `y`, in batches of the workspace size. */
export function meanLoss(ws: GruWorkspace, x: Float32Array, y: Float32Array): number {
  const n = y.length;
  if (n === 0) return Number.NaN;
  const index = identity(n);
  let sum = 0;
  for (let from = 0; from < n; from += ws.maxBatch) {
    const to = Math.min(n, from + ws.maxBatch);
    const pred = ws.forward(x, index, from, to);
    for (let b = 0; b < to - from; b++) sum += huberLoss(pred[b]! - y[from + b]!);
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
