/**
 * The GRU trainer's matrix products in WebAssembly SIMD (gemm-simd.wat), bit-identical to the
 * JavaScript ones in gemm.ts. WebAssembly code can address only its own memory, so the buffers
 * the products work on are handed out from one memory sized up front (never grown: growing would
 * detach every view handed out). Column counts that are not a multiple of 4 leave a strip the
 * JavaScript products finish.
 */
import { GEMM_SIMD_WASM_BASE64 } from './gemm-simd-binary.js';
import { addAB as jsAddAB, addAtBRows as jsAddAtBRows, reduceInBlocks, type Mat, type MatrixProducts, type ProductFn } from './gemm.js';

type Kernel = (a: number, as: number, b: number, bs: number, c: number, cs: number, m: number, k: number, n4: number) => void;
interface Kernels {
  addAB: Kernel;
  addAtB: Kernel;
}

/** The part of the WebAssembly JavaScript API used here (TypeScript declares it only with the DOM libs). */
interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer };
}
const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

const PAGE_BYTES = 65_536;

let compiled: object | null | undefined;

/** The compiled kernels, or null where this runtime has no WebAssembly SIMD. */
function kernelModule(): object | null {
  if (compiled === undefined) {
    const bytes = Buffer.from(GEMM_SIMD_WASM_BASE64, 'base64');
    compiled = wasm.validate(bytes) ? new wasm.Module(bytes) : null;
  }
  return compiled;
}

/**
 * Products over buffers holding up to `capacity` float64s in all, or undefined where the runtime
 * has no WebAssembly SIMD (the caller then uses the JavaScript products).
 */
export function simdProducts(capacity: number): MatrixProducts | undefined {
  const module = kernelModule();
  if (!module) return undefined;
  const memory = new wasm.Memory({ initial: Math.max(1, Math.ceil((capacity * 8) / PAGE_BYTES)) });
  const kernels = new wasm.Instance(module, { env: { memory } }).exports as unknown as Kernels;
  const buffer = memory.buffer;
  const limit = capacity * 8;
  let used = 0;
  const address = (m: Mat): number => {
    if (m.data.buffer !== buffer) throw new RangeError('matrix is not in the WebAssembly products\' memory: take its buffer from their float64s()');
    return m.data.byteOffset + m.offset * 8;
  };
  /** Runs `kernel` on the columns in whole fours, then `js` on the rest (0–3 columns). */
  const split = (kernel: Kernel, js: ProductFn): ProductFn => (a, b, c, m, k, n) => {
    const n4 = n - (n % 4);
    if (n4 > 0 && m > 0 && k > 0) kernel(address(a), a.stride * 8, address(b), b.stride * 8, address(c), c.stride * 8, m, k, n4);
    if (n4 < n) js(a, { data: b.data, offset: b.offset + n4, stride: b.stride }, { data: c.data, offset: c.offset + n4, stride: c.stride }, m, k, n - n4);
  };
  const addAtBRows = split(kernels.addAtB, jsAddAtBRows);
  return {
    addAB: split(kernels.addAB, jsAddAB),
    addAtB: (a, b, c, m, k, n) => reduceInBlocks(addAtBRows, a, b, c, m, k, n),
    float64s(length: number): Float64Array {
      if (used + length * 8 > limit) throw new RangeError(`WebAssembly products hold ${capacity} float64s; ${used / 8} are taken and ${length} more were asked for`);
      const view = new Float64Array(buffer, used, length);
      used += length * 8;
      return view;
    },
  };
}
