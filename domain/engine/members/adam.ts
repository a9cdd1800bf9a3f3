/**
 * Adam over a flat float64 parameter vector, the same update as `tf.train.adam` (bias-corrected
 * moments, epsilon added to the corrected second moment's square root).
 */
// `x[i]!` (noUncheckedIndexedAccess): indices are in range by construction of the loop bounds; no checks in these hot loops.
export interface AdamOptions {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  /** tfjs's default on float32 backends is 1e-7 (`tf.backend().epsilon()`). */
  epsilon?: number;
}

export const TFJS_EPSILON = 1e-7;

export class Adam {
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private readonly lr: number;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private accBeta1: number;
  private accBeta2: number;

  constructor(size: number, o: AdamOptions) {
    if (!(o.learningRate > 0)) throw new RangeError(`Adam learning rate must be positive, got ${o.learningRate}`);
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
    this.lr = o.learningRate;
    this.beta1 = o.beta1 ?? 0.9;
    this.beta2 = o.beta2 ?? 0.999;
    this.epsilon = o.epsilon ?? TFJS_EPSILON;
    this.accBeta1 = this.beta1;
    this.accBeta2 = this.beta2;
  }

  /** One update of `params` in place from `grad` (same length). */
  step(params: Float64Array, grad: Float64Array): void {
    const { m, v, beta1, beta2, lr, epsilon } = this;
    if (params.length !== m.length || grad.length !== m.length) throw new RangeError(`Adam over ${m.length} values got ${params.length} parameters and ${grad.length} gradients`);
    const c1 = 1 - this.accBeta1;
    const c2 = 1 - this.accBeta2;
    for (let i = 0; i < m.length; i++) {
      const g = grad[i]!;
      m[i] = beta1 * m[i]! + (1 - beta1) * g;
      v[i] = beta2 * v[i]! + (1 - beta2) * g * g;
      params[i]! -= (lr * (m[i]! / c1)) / (Math.sqrt(v[i]! / c2) + epsilon);
    }
    this.accBeta1 *= beta1;
    this.accBeta2 *= beta2;
  }
}
