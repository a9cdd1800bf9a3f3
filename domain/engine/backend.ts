import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { configuredBackend, onBackendConfigured, parseBackendSetting, recordActiveBackend, type BackendName } from './backend-setting.js';
import { BackendUnavailableError } from './errors.js';

const requireFromHere = createRequire(import.meta.url);

export { BACKENDS, configureBackend, currentBackend, parseBackendSetting, type BackendName } from './backend-setting.js';
/**
 * Tried in this order when none is configured. The pure-JS cpu backend is not among them: it is
 * 5–8× slower than wasm, so it runs only when configured (training.backend: cpu).
 */
export const AUTO_BACKENDS: readonly BackendName[] = ['tensorflow', 'wasm'];
/** How to ask for the cpu backend, quoted by the error that refuses it. */
export const CPU_BACKEND_HOWTO = 'set training.backend: cpu in stockflow.config.yaml (or STOCKFLOW_TF_BACKEND=cpu)';
/** How to get the native backend, quoted when tfjs-node does not load. */
export const NATIVE_BACKEND_HOWTO = 'run `npm run setup:native` to install @tensorflow/tfjs-node';

export interface BackendOptions {
  /**
   * The configured backend (config `training.backend`): 'auto' or absent = tensorflow, else
   * wasm; or one of 'tensorflow' (alias 'node', 'tfjs-node'), 'wasm', 'cpu'.
   */
  backend?: string;
  /** Loads the native binding; tests inject a failing one. */
  loadNative?: () => unknown;
  /** Loads the WebAssembly backend; tests inject a failing one. */
  loadWasm?: () => Promise<void>;
  log?: (message: string) => void;
}

/**
 * Activates the configured backend, or the first of AUTO_BACKENDS that works, and asserts it is
 * the one actually in use (`tf.setBackend` returns false instead of throwing). Never falls back
 * to cpu: with neither tensorflow nor wasm working it throws, saying how to enable cpu.
 * Returns the backend's name for the model's metadata.
 */
export async function selectBackend(options: BackendOptions = {}): Promise<BackendName> {
  const log = options.log ?? ((m: string) => console.info(m));
  const forced = parseBackendSetting(options.backend);
  const loaders: Loaders = { native: options.loadNative ?? loadTfjsNode, wasm: options.loadWasm ?? loadWasm };
  const failures: string[] = [];
  for (const name of forced ? [forced] : AUTO_BACKENDS) {
    try {
      await activate(name, loaders);
      const active = tf.getBackend();
      if (active !== name) throw new Error(`tf.setBackend('${name}') left "${active}" active`);
      log(`[model] TensorFlow.js backend: ${name}${failures.length ? ` (${failures.join('; ')})` : ''}`);
      recordActiveBackend(name);
      return name;
    } catch (err) {
      const reason = `${errorMessage(err)}${name === 'tensorflow' ? ` (${NATIVE_BACKEND_HOWTO})` : ''}`;
      if (forced) throw new BackendUnavailableError(name, reason, { cause: err });
      failures.push(`${name} unavailable: ${reason}`);
    }
  }
  throw new BackendUnavailableError(
    AUTO_BACKENDS.join(' or '),
    `${failures.join('; ')}. The pure-JS cpu backend (5-8x slower than wasm) is never chosen on its own: ${CPU_BACKEND_HOWTO}`,
  );
}

/** Directory with the .wasm binaries, for setWasmPaths (Node cannot fetch them from a CDN). */
export function wasmBinaryDir(): string {
  return path.dirname(requireFromHere.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep;
}

let wasmPathsSet = false;

interface Loaders {
  native: () => unknown;
  wasm: () => Promise<void>;
}

async function activate(name: BackendName, loaders: Loaders): Promise<void> {
  // engine().backendName does not initialise a default backend (tf.getBackend() would start cpu).
  if (tf.engine().backendName === name) return;
  if (name === 'tensorflow') {
    loaders.native();
    if (!tf.findBackendFactory('tensorflow')) throw new Error('@tensorflow/tfjs-node loaded but registered no "tensorflow" backend');
  } else if (name === 'wasm') {
    await loaders.wasm();
  }
  const ok = await tf.setBackend(name);
  await tf.ready();
  if (!ok) throw new Error(`tf.setBackend('${name}') returned false`);
}

async function loadWasm(): Promise<void> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  if (!wasmPathsSet) {
    wasm.setWasmPaths(wasmBinaryDir());
    wasmPathsSet = true;
  }
}

function loadTfjsNode(): unknown {
  // Optional dependency: absent wherever libtensorflow could not be downloaded at install
  // (scripts/setup-native.sh stages it from the tensorflow-cpu wheel).
  // TensorFlow's own INFO lines (CPU feature notes) on stderr; warnings and errors still show.
  process.env.TF_CPP_MIN_LOG_LEVEL ??= '1';
  return requireFromHere('@tensorflow/tfjs-node');
}

function errorMessage(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  return m.split('\n')[0] ?? '';
}

let defaultBackend: Promise<BackendName> | undefined;
onBackendConfigured(() => {
  defaultBackend = undefined;
});

/**
 * selectBackend once per process (with the backend set by configureBackend) for code that only
 * needs *a* working backend (loading, predicting). A backend named here always goes through
 * selectBackend.
 */
export function ensureBackend(backend?: string, log?: (message: string) => void): Promise<BackendName> {
  if (backend) return selectBackend({ backend, log });
  defaultBackend ??= selectBackend({ backend: configuredBackend(), log }).catch((err) => {
    defaultBackend = undefined;
    throw err;
  });
  return defaultBackend;
}
