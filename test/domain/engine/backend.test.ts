import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../common/errors.js';
import { configureBackend, currentBackend, ensureBackend, selectBackend } from '../../../domain/engine/backend.js';
import { BackendUnavailableError } from '../../../domain/engine/errors.js';

const noNative = () => {
  throw new Error("Cannot find module '@tensorflow/tfjs-node'");
};
const noWasm = () => Promise.reject(new Error('WebAssembly is not supported here'));
const quiet = { log: () => {} };

describe('backend selection', () => {
  afterAll(async () => {
    configureBackend(undefined);
    await selectBackend({ ...quiet, backend: 'wasm' });
  });

  it('falls back to wasm when tfjs-node is absent, says how to get it, and wasm is the backend in use', async () => {
    const logs: string[] = [];
    const name = await selectBackend({ loadNative: noNative, log: (m) => logs.push(m) });
    expect(name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(currentBackend()).toBe('wasm');
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/backend: wasm .*tensorflow unavailable: Cannot find module '@tensorflow\/tfjs-node'.*npm run setup:native/);
  });

  it('refuses the cpu backend unless configured: with neither tensorflow nor wasm it throws saying how to enable cpu', async () => {
    // Even with cpu already active, auto does not settle for it.
    expect(await selectBackend({ ...quiet, backend: 'cpu' })).toBe('cpu');
    const err = await selectBackend({ ...quiet, loadNative: noNative, loadWasm: noWasm }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendUnavailableError);
    const message = (err as Error).message;
    expect(message).toContain('TensorFlow.js backend "tensorflow or wasm" is not available');
    expect(message).toContain("tensorflow unavailable: Cannot find module '@tensorflow/tfjs-node'");
    expect(message).toContain('wasm unavailable: WebAssembly is not supported here');
    expect(message).toContain('set training.backend: cpu in stockflow.config.yaml (or STOCKFLOW_TF_BACKEND=cpu)');
  });

  it('runs the cpu backend when it is configured', async () => {
    expect(await selectBackend({ ...quiet, backend: 'cpu', loadNative: noNative, loadWasm: noWasm })).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(await selectBackend({ ...quiet, backend: 'wasm' })).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('refuses a configured backend that cannot be activated, with a clear error', async () => {
    const err = await selectBackend({ ...quiet, backend: 'tensorflow', loadNative: noNative }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendUnavailableError);
    expect(err).toMatchObject({ name: 'BackendUnavailableError', backend: 'tensorflow', permanent: true });
    expect((err as Error).message).toContain('tfjs-node');
    expect((err as Error).message).toContain('npm run setup:native');
  });

  it('ensureBackend() uses the backend set by configureBackend (the configuration), once per setting', async () => {
    configureBackend('cpu');
    expect(await ensureBackend(undefined, quiet.log)).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    configureBackend('wasm');
    expect(await ensureBackend(undefined, quiet.log)).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('rejects an unknown backend name as a configuration error naming the field', async () => {
    await expect(selectBackend({ ...quiet, backend: 'gpu' })).rejects.toBeInstanceOf(ConfigError);
    await expect(selectBackend({ ...quiet, backend: 'gpu' })).rejects.toThrow(/training\.backend = "gpu" is not allowed; expected one of auto, tensorflow/);
    expect(() => configureBackend('gpu')).toThrow(ConfigError);
  });
});
