import { describe, expect, it } from 'vitest';
import { ensureBackend } from '../../../domain/engine/backend.js';
import { disposeEnsemble } from '../../../domain/engine/ensemble.js';
import { InsufficientHistoryError, TrainingCancelledError } from '../../../domain/engine/errors.js';
import type { EpochProgress } from '../../../domain/engine/members/gru.js';
import { predictNext } from '../../../domain/engine/predict.js';
import { loadEnsemble } from '../../../domain/engine/serialize.js';
import { trainInWorker } from '../../../domain/engine/training-thread/train-in-worker.js';
import { syntheticBars, TINY } from './helpers.js';

const bars = syntheticBars(420, 41);
const { log: _log, ...tiny } = TINY;

describe('trainInWorker', () => {
  it('trains off the main thread, streams per-epoch progress and returns loadable files', async () => {
    const progress: EpochProgress[] = [];
    const logs: string[] = [];
    const saved = await trainInWorker({ bars, symbol: 'WRK', seed: 1, epochs: 3, ...tiny, onEpoch: (p) => progress.push(p), log: (m) => logs.push(m) });
    expect(progress.map((p) => p.epoch)).toEqual([1, 2, 3]);
    // The worker logs the backend it activated and records it; it chooses by the same rules as
    // this process (wasm here, tensorflow where tfjs-node installs).
    const logged = logs.map((l) => /TensorFlow\.js backend: (\w+)/.exec(l)?.[1]).filter((b) => b !== undefined);
    expect(logged).toEqual([saved.metadata.backend]);
    expect(saved.metadata).toMatchObject({ symbol: 'WRK', epochsRun: 3, backend: await ensureBackend(undefined, () => undefined) });
    const model = await loadEnsemble(saved.files);
    try {
      expect(predictNext(model, bars).asOf).toBe(bars[bars.length - 1]?.date);
    } finally {
      disposeEnsemble(model);
    }
  });

  it('is cancelled by its AbortSignal, terminating the worker', async () => {
    const ac = new AbortController();
    const epochs: number[] = [];
    const run = trainInWorker({ bars, symbol: 'WRK', epochs: 200, ...tiny, log: () => {}, signal: ac.signal, onEpoch: (p) => {
      epochs.push(p.epoch);
      if (p.epoch === 1) ac.abort();
    } });
    const err = await run.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrainingCancelledError);
    expect(err).toMatchObject({ symbol: 'WRK', epochsDone: 1 });
    expect(epochs.length).toBeLessThan(200);
  });

  it('passes the worker error back with its real type', async () => {
    const err = await trainInWorker({ bars: bars.slice(0, 100), symbol: 'WRK', epochs: 1, ...tiny, log: () => {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InsufficientHistoryError);
    expect(err).toMatchObject({ symbol: 'WRK', rowsAvailable: 100, permanent: true });
  });
});
