import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../../common/errors.js';
import { BackendUnavailableError } from './errors.js';

const requireFromHere = createRequire(import.meta.url);

/** TensorFlow.js backends in order of preference: native (tfjs-node), WebAssembly, pure JS. */
export const BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

export interface BackendOptions {
  /** Force one backend ('tensorflow' | 'node' | 'wasm' | 'cpu'); else STOCKFLOW_TF_BACKEND; else the first that works. */
  backend?: string;
  env?: Record<string, string | undefined>;
  /** Loads the native binding; tests inject a failing one. */
  loadNative?: () => unknown;
  log?: (message: string) => void;
}

const ALIASES: Record<string, BackendName> = { tensorflow: 'tensorflow', node: 'tensorflow', 'tfjs-node': 'tensorflow', wasm: 'wasm', cpu: 'cpu' };

/**
 * Activates a backend and asserts it is the one actually in use (`tf.setBackend` returns false
 * instead of throwing). Returns its name for the model's metadata.
 */
export async function selectBackend(options: BackendOptions = {}): Promise<BackendName> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((m: string) => console.info(m));
  const requested = options.backend ?? env.STOCKFLOW_TF_BACKEND;
  let forced: BackendName | undefined;
  if (requested !== undefined && requested !== '' && requested !== 'auto') {
    forced = ALIASES[requested.toLowerCase()];
    if (!forced) {
      throw new ConfigError(options.backend !== undefined ? 'backend' : 'STOCKFLOW_TF_BACKEND', requested, `one of auto, ${Object.keys(ALIASES).join(', ')}`);
    }
  }
  const failures: string[] = [];
  for (const name of forced ? [forced] : BACKENDS) {
    try {
      await activate(name, options.loadNative ?? loadTfjsNode);
      const active = tf.getBackend();
      if (active !== name) throw new Error(`tf.setBackend('${name}') left "${active}" active`);
      log(`[model] TensorFlow.js backend: ${name}${failures.length ? ` (${failures.join('; ')})` : ''}`);
      return name;
    } catch (err) {
      if (forced) throw new BackendUnavailableError(name, errorMessage(err), { cause: err });
      failures.push(`${name} unavailable: ${errorMessage(err)}`);
    }
  }
  throw new BackendUnavailableError('any', failures.join('; '));
}

/** Directory with the .wasm binaries, for setWasmPaths (Node cannot fetch them from a CDN). */
export function wasmBinaryDir(): string {
  return path.dirname(requireFromHere.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep;
}

let wasmPathsSet = false;

async function activate(name: BackendName, loadNative: () => unknown): Promise<void> {
  // engine().backendName does not initialise a default backend (tf.getBackend() would start cpu).
  if (tf.engine().backendName === name) return;
  if (name === 'tensorflow') {
    loadNative();
    if (!tf.findBackendFactory('tensorflow')) throw new Error('@tensorflow/tfjs-node loaded but registered no "tensorflow" backend');
  } else if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (!wasmPathsSet) {
      wasm.setWasmPaths(wasmBinaryDir());
      wasmPathsSet = true;
    }
  }
  const ok = await tf.setBackend(name);
  await tf.ready();
  if (!ok) throw new Error(`tf.setBackend('${name}') returned false`);
}

function loadTfjsNode(): unknown {
  // Optional dependency: absent wherever libtensorflow could not be downloaded at install.
  return requireFromHere('@tensorflow/tfjs-node');
}

function errorMessage(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  return m.split('\n')[0] ?? '';
}

let defaultBackend: Promise<BackendName> | undefined;

/**
 * selectBackend once per process for code that only needs *a* working backend (loading,
 * predicting). A forced name always goes through selectBackend.
 */
export function ensureBackend(backend?: string, log?: (message: string) => void): Promise<BackendName> {
  if (backend) return selectBackend({ backend, log });
  defaultBackend ??= selectBackend({ log }).catch((err) => {
    defaultBackend = undefined;
    throw err;
  });
  return defaultBackend;
}
