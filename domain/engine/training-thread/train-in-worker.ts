import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type ErrorKind, StockflowError } from '../../../common/errors.js';
import { InsufficientHistoryError, TrainingCancelledError } from '../errors.js';
import type { EpochProgress } from '../members/gru.js';
import type { SerializedEnsemble } from '../serialize.js';
import type { RemoteError, WorkerMessage, WorkerTrainOptions } from './protocol.js';

export interface TrainInWorkerOptions extends WorkerTrainOptions {
  onEpoch?: (progress: EpochProgress) => void;
  log?: (message: string) => void;
  /** Aborting terminates the worker; the promise rejects with TrainingCancelledError. */
  signal?: AbortSignal;
}

/**
 * Runs trainModel in a worker thread so the caller's event loop (Temporal heartbeats,
 * cancellation, other activities) keeps flowing. Resolves with the serialised ensemble: the
 * trained network lives in the worker's TensorFlow.js and cannot cross threads; load it with
 * loadEnsemble where it is needed.
 */
export function trainInWorker(options: TrainInWorkerOptions): Promise<SerializedEnsemble> {
  const { onEpoch, log, signal, ...workerOptions } = options;
  return new Promise<SerializedEnsemble>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new TrainingCancelledError(options.symbol, 0, { cause: signal.reason }));
      return;
    }
    const worker = startWorker(workerOptions);
    let epochsDone = 0;
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = () => {
      settle(() => reject(new TrainingCancelledError(options.symbol, epochsDone, { cause: signal?.reason })));
      void worker.terminate();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'epoch') {
        epochsDone = m.progress.epoch;
        onEpoch?.(m.progress);
      } else if (m.type === 'log') {
        (log ?? console.info)(m.message);
      } else if (m.type === 'done') {
        settle(() => resolve(m.result));
        void worker.terminate();
      } else {
        settle(() => reject(reviveError(m.error)));
        void worker.terminate();
      }
    });
    worker.on('error', (err) => settle(() => reject(err)));
    worker.on('exit', (code) =>
      settle(() => reject(new RemoteTrainingError({ name: 'TrainingWorkerExitedError', message: `training worker for ${options.symbol} exited with code ${code} before finishing`, fields: { code } }))),
    );
  });
}

/** Compiled .js when it exists (dist/), else the .ts source through tsx (tsx, vitest). */
function startWorker(workerData: WorkerTrainOptions): Worker {
  const js = path.join(import.meta.dirname, 'train-worker.js');
  if (existsSync(js)) return new Worker(js, { workerData });
  const ts = pathToFileURL(path.join(import.meta.dirname, 'train-worker.ts')).href;
  // tsx's ESM API (its `import` entry; the CommonJS entry cannot register hooks from an eval'd worker).
  const tsxDir = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsx = pathToFileURL(path.join(tsxDir, 'dist', 'esm', 'api', 'index.mjs')).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(ts)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}

/** Rebuilds the worker's error so callers (and Temporal retry policies) see its real type. */
function reviveError(e: RemoteError): Error {
  if (e.name === 'InsufficientHistoryError') {
    const f = e.fields as { symbol: string; rowsAvailable: number; rowsNeeded: number };
    const err = new InsufficientHistoryError(f.symbol, f.rowsAvailable, f.rowsNeeded);
    err.message = e.message;
    return err;
  }
  return new RemoteTrainingError(e);
}

/**
 * An error thrown inside the training worker, keeping its name, message, kind and fields. An
 * unexpected (non-domain) error counts as `unavailable`: retried, like any unexpected error
 * thrown by an activity.
 */
export class RemoteTrainingError extends StockflowError {
  readonly kind: ErrorKind;
  readonly fields: Record<string, unknown>;
  constructor(e: RemoteError) {
    super(e.message);
    this.name = e.name;
    this.kind = e.kind ?? 'unavailable';
    this.fields = e.fields;
    if (e.stack) this.stack = e.stack;
  }
}
