/**
 * The two dense matrix products of the GRU trainer over float64 typed arrays, in JavaScript,
 * register-blocked (2 rows × 4 columns of the result held in locals) so each product costs fewer
 * loads than multiply-adds. Matrices are row-major slices: `{ data, offset, stride }` addresses
 * row i at `data[offset + i·stride]`. Every function *adds* into C. This is the reference and the
 * fallback: the trainer uses the WebAssembly SIMD versions (gemm-simd.ts), which give the same
 * bits, where the runtime has SIMD.
 */
// `x[i]!` (noUncheckedIndexedAccess): indices are in range by construction of the loop bounds; no checks in these hot loops.

export interface Mat {
  data: Float64Array;
  offset: number;
  /** Distance between consecutive rows. */
  stride: number;
}

export type ProductFn = (a: Mat, b: Mat, c: Mat, m: number, k: number, n: number) => void;

/** The products the trainer needs, over buffers the implementation hands out. */
export interface MatrixProducts {
  /** C[m×n] += A[m×k] · B[k×n]. */
  addAB: ProductFn;
  /** C[k×n] += A[m×k]ᵀ · B[m×n]. */
  addAtB: ProductFn;
  /** A zeroed float64 buffer the products can address. */
  float64s(length: number): Float64Array;
}

/** The JavaScript products over ordinary typed arrays. */
export const jsProducts: MatrixProducts = { addAB, addAtB, float64s: (length) => new Float64Array(length) };

/** C[m×n] += A[m×k] · B[k×n]. */
export function addAB(a: Mat, b: Mat, c: Mat, m: number, k: number, n: number): void {
  const A = a.data;
  const B = b.data;
  const C = c.data;
  const as = a.stride;
  const bs = b.stride;
  const cs = c.stride;
  const n4 = n - (n % 4);
  let i = 0;
  for (; i + 1 < m; i += 2) {
    const a0 = a.offset + i * as;
    const a1 = a0 + as;
    const c0 = c.offset + i * cs;
    const c1 = c0 + cs;
    let j = 0;
    for (; j < n4; j += 4) {
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      let bp = b.offset + j;
      for (let p = 0; p < k; p++, bp += bs) {
        const x0 = A[a0 + p]!;
        const x1 = A[a1 + p]!;
        const b0 = B[bp]!;
        const b1 = B[bp + 1]!;
        const b2 = B[bp + 2]!;
        const b3 = B[bp + 3]!;
        s00 += x0 * b0; s01 += x0 * b1; s02 += x0 * b2; s03 += x0 * b3;
        s10 += x1 * b0; s11 += x1 * b1; s12 += x1 * b2; s13 += x1 * b3;
      }
      C[c0 + j]! += s00; C[c0 + j + 1]! += s01; C[c0 + j + 2]! += s02; C[c0 + j + 3]! += s03;
      C[c1 + j]! += s10; C[c1 + j + 1]! += s11; C[c1 + j + 2]! += s12; C[c1 + j + 3]! += s13;
    }
    for (; j < n; j++) {
      let s0 = 0, s1 = 0;
      for (let p = 0, bp = b.offset + j; p < k; p++, bp += bs) {
        s0 += A[a0 + p]! * B[bp]!;
        s1 += A[a1 + p]! * B[bp]!;
      }
      C[c0 + j]! += s0;
      C[c1 + j]! += s1;
    }
  }
  for (; i < m; i++) {
    const a0 = a.offset + i * as;
    const c0 = c.offset + i * cs;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0, bp = b.offset + j; p < k; p++, bp += bs) s += A[a0 + p]! * B[bp]!;
      C[c0 + j]! += s;
    }
  }
}

/** Rows per pass of addAtB: small enough that a pass's slices of A and B stay in cache across its column tiles. */
const REDUCTION_BLOCK = 64;

/**
 * C[k×n] += A[m×k]ᵀ · B[m×n] (a reduction over the m rows, e.g. a weight gradient), as one
 * `addAtBRows` pass per block of REDUCTION_BLOCK rows — each pass's sums are added into C in turn,
 * so an implementation that gives the same bits must pass over the same blocks.
 */
export function reduceInBlocks(addAtBRows: ProductFn, a: Mat, b: Mat, c: Mat, m: number, k: number, n: number): void {
  for (let r0 = 0; r0 < m; r0 += REDUCTION_BLOCK) {
    const rows = Math.min(REDUCTION_BLOCK, m - r0);
    addAtBRows({ data: a.data, offset: a.offset + r0 * a.stride, stride: a.stride }, { data: b.data, offset: b.offset + r0 * b.stride, stride: b.stride }, c, rows, k, n);
  }
}

/** C[k×n] += A[m×k]ᵀ · B[m×n] (a reduction over the m rows, e.g. a weight gradient). */
export function addAtB(a: Mat, b: Mat, c: Mat, m: number, k: number, n: number): void {
  reduceInBlocks(addAtBRows, a, b, c, m, k, n);
}

/** C[k×n] += A[m×k]ᵀ · B[m×n] in one pass over the m rows. */
export function addAtBRows(a: Mat, b: Mat, c: Mat, m: number, k: number, n: number): void {
  const A = a.data;
  const B = b.data;
  const C = c.data;
  const as = a.stride;
  const bs = b.stride;
  const cs = c.stride;
  const n4 = n - (n % 4);
  let i = 0;
  for (; i + 1 < k; i += 2) {
    const c0 = c.offset + i * cs;
    const c1 = c0 + cs;
    let j = 0;
    for (; j < n4; j += 4) {
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      let ap = a.offset + i;
      let bp = b.offset + j;
      for (let r = 0; r < m; r++, ap += as, bp += bs) {
        const x0 = A[ap]!;
        const x1 = A[ap + 1]!;
        const y0 = B[bp]!;
        const y1 = B[bp + 1]!;
        const y2 = B[bp + 2]!;
        const y3 = B[bp + 3]!;
        s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
        s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
      }
      C[c0 + j]! += s00; C[c0 + j + 1]! += s01; C[c0 + j + 2]! += s02; C[c0 + j + 3]! += s03;
      C[c1 + j]! += s10; C[c1 + j + 1]! += s11; C[c1 + j + 2]! += s12; C[c1 + j + 3]! += s13;
    }
    for (; j < n; j++) {
      let s0 = 0, s1 = 0;
      for (let r = 0, ap = a.offset + i, bp = b.offset + j; r < m; r++, ap += as, bp += bs) {
        s0 += A[ap]! * B[bp]!;
        s1 += A[ap + 1]! * B[bp]!;
      }
      C[c0 + j]! += s0;
      C[c1 + j]! += s1;
    }
  }
  for (; i < k; i++) {
    const c0 = c.offset + i * cs;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let r = 0, ap = a.offset + i, bp = b.offset + j; r < m; r++, ap += as, bp += bs) s += A[ap]! * B[bp]!;
      C[c0 + j]! += s;
    }
  }
}
