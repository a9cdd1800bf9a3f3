import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../common/errors.js';
import { selectBackend } from '../../../domain/engine/backend.js';
import { BackendUnavailableError } from '../../../domain/engine/errors.js';

const noNative = () => {
  throw new Error("Cannot find module '@tensorflow/tfjs-node'");
};
const quiet = { log: () => {}, env: {} };

describe('backend selection', () => {
  afterAll(async () => {
    await selectBackend({ ...quiet, backend: 'wasm' });
  });

  it('falls back to wasm when tfjs-node is absent, and it is the backend in use', async () => {
    const logs: string[] = [];
    const name = await selectBackend({ env: {}, loadNative: noNative, log: (m) => logs.push(m) });
    expect(name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(logs.join('\n')).toMatch(/backend: wasm .*tensorflow unavailable/);
  });

  it('refuses a forced backend that cannot be activated, with a clear error', async () => {
    const err = await selectBackend({ ...quiet, backend: 'tensorflow', loadNative: noNative }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendUnavailableError);
    expect(err).toMatchObject({ name: 'BackendUnavailableError', backend: 'tensorflow', permanent: true });
    expect((err as Error).message).toContain('tfjs-node');
  });

  it('honours STOCKFLOW_TF_BACKEND and asserts the switch took effect', async () => {
    expect(await selectBackend({ log: () => {}, env: { STOCKFLOW_TF_BACKEND: 'cpu' } })).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(await selectBackend({ ...quiet, backend: 'wasm' })).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('rejects an unknown backend name as a configuration error naming the field', async () => {
    await expect(selectBackend({ log: () => {}, env: { STOCKFLOW_TF_BACKEND: 'gpu' } })).rejects.toBeInstanceOf(ConfigError);
    await expect(selectBackend({ log: () => {}, env: { STOCKFLOW_TF_BACKEND: 'gpu' } })).rejects.toThrow(/STOCKFLOW_TF_BACKEND = "gpu"/);
  });
});
