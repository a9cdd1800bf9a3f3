/** The WebAssembly SIMD matrix products (gemm-simd.ts) against the JavaScript ones they replace, and the embedded binary against its source. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mulberry32 as createRng } from '../../../common/random.js';
import { jsProducts, type Mat, type MatrixProducts } from '../../../domain/engine/members/gemm.js';
import { simdProducts } from '../../../domain/engine/members/gemm-simd.js';
import { GruWorkspace } from '../../../domain/engine/members/gru-math.js';
import { WASM_MODULES, compileWat, embeddingModule } from '../../../scripts/wasm/compile.js';

function simd(capacity: number): MatrixProducts {
  const products = simdProducts(capacity);
  if (!products) throw new Error('this Node has no WebAssembly SIMD; the trainer would fall back to JavaScript');
  return products;
}

/** A rows×cols matrix with a wider row stride and a leading offset, filled with seeded values (non-zero C too: products add into it). */
function filled(take: (n: number) => Float64Array, rows: number, cols: number, seed: number): Mat {
  const rng = createRng(seed);
  const offset = 3;
  const stride = cols + 2;
  const data = take(offset + rows * stride);
  for (let i = 0; i < data.length; i++) data[i] = (2 * rng() - 1) * 3;
  return { data, offset, stride };
}

// Shapes the trainer uses (B=128, H=16, G=48, F=16) and awkward ones: row counts and column counts that are not multiples of 4, ones and zeros.
const SHAPES: Array<[m: number, k: number, n: number]> = [
  [128, 16, 48], [128, 16, 32], [122, 16, 16], [2560, 16, 48], [7, 5, 9], [1, 3, 4], [5, 1, 3], [3, 7, 1], [9, 0, 8], [0, 4, 8], [130, 33, 18],
];

describe('WebAssembly SIMD matrix products', () => {
  it.each(SHAPES)('C[%i×·] products over k=%i, n=%i give the same bits as the JavaScript ones', (m, k, n) => {
    const s = simd(4 * (m * (k + 2) + k * (n + 2) + m * (n + 2) + k * (n + 2) + 12));
    const take = (len: number) => s.float64s(len);
    const seedA = m * 31 + k;
    // addAB: C[m×n] += A[m×k]·B[k×n]
    const a = filled(take, m, k, seedA);
    const b = filled(take, k, n, seedA + 1);
    const c = filled(take, m, n, seedA + 2);
    const cJs = { ...c, data: c.data.slice() };
    s.addAB(a, b, c, m, k, n);
    jsProducts.addAB({ ...a, data: a.data.slice() }, { ...b, data: b.data.slice() }, cJs, m, k, n);
    expect(Array.from(c.data)).toEqual(Array.from(cJs.data));
    // addAtB: C[k×n] += A[m×k]ᵀ·B[m×n]
    const bt = filled(take, m, n, seedA + 3);
    const ct = filled(take, k, n, seedA + 4);
    const ctJs = { ...ct, data: ct.data.slice() };
    s.addAtB(a, bt, ct, m, k, n);
    jsProducts.addAtB({ ...a, data: a.data.slice() }, { ...bt, data: bt.data.slice() }, ctJs, m, k, n);
    expect(Array.from(ct.data)).toEqual(Array.from(ctJs.data));
    // The products really added something wherever there was something to add.
    if (m > 0 && k > 0 && n > 0) expect(Array.from(c.data)).not.toEqual(Array.from(filled((len) => new Float64Array(len), m, n, seedA + 2).data));
  });

  it('refuses a matrix outside its memory, and a buffer beyond its capacity, saying which', () => {
    const s = simd(16);
    const inside = s.float64s(8);
    const outside = new Float64Array(8);
    expect(() => s.addAB({ data: outside, offset: 0, stride: 4 }, { data: inside, offset: 0, stride: 4 }, { data: inside, offset: 0, stride: 4 }, 2, 2, 4)).toThrow(/not in the WebAssembly products' memory/);
    expect(() => s.float64s(9)).toThrow(/hold 16 float64s; 8 are taken and 9 more were asked for/);
  });

  it('trains bit-identically to the JavaScript products: the same gradient and loss, batch after batch', () => {
    const shape = { lookback: 6, features: 5, units: 7 };
    const n = 23;
    const rng = createRng(9);
    const x = Float32Array.from({ length: n * shape.lookback * shape.features }, () => 2 * rng() - 1);
    const y = Float32Array.from({ length: n }, () => 2 * rng() - 1);
    const index = Int32Array.from({ length: n }, (_, i) => (i * 7) % n);
    const [fast, reference] = [new GruWorkspace(shape, 10), new GruWorkspace(shape, 10, { products: 'js' })];
    expect([fast.products, reference.products]).toEqual(['simd', 'js']);
    const start = Float64Array.from({ length: fast.params.length }, () => rng() - 0.5);
    fast.params.set(start);
    reference.params.set(start);
    for (let from = 0; from < n; from += 10) {
      const to = Math.min(n, from + 10);
      const losses = [fast, reference].map((ws) => {
        ws.forward(x, index, from, to);
        return ws.backward(y, index, from, to);
      });
      expect(losses[0]).toBe(losses[1]);
      expect(Array.from(fast.grad)).toEqual(Array.from(reference.grad));
      expect(fast.grad.some((g) => g !== 0)).toBe(true);
      // A plain gradient step on both, so the next batch starts from moved weights.
      for (const ws of [fast, reference]) for (let i = 0; i < ws.params.length; i++) ws.params[i]! -= 0.1 * ws.grad[i]!;
    }
  });

  it.each(WASM_MODULES)('the embedded binary of $source is its compilation (run `npm run build:wasm` after editing it)', async ({ source, embedded, exportName }) => {
    const binary = await compileWat(source);
    const module = (await import(`../../../${embedded.replace(/\.ts$/, '.js')}`)) as Record<string, string>;
    expect(Buffer.from(module[exportName] ?? '', 'base64').equals(Buffer.from(binary))).toBe(true);
    expect(readFileSync(embedded, 'utf8')).toBe(embeddingModule(source, exportName, binary));
  });
});
