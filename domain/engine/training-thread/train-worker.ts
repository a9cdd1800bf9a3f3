/**
 * Worker-thread entry: trains one model and posts progress, logs and the serialised result
 * (files are transferred, not copied). Started by trainInWorker.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { errorKindOf } from '../../../common/errors.js';
import { serializeEnsemble } from '../serialize.js';
import { trainModel } from '../train.js';
import { disposeEnsemble } from '../ensemble.js';
import type { WorkerMessage, WorkerTrainOptions } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('train-worker must run in a worker thread');
const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

async function run(options: WorkerTrainOptions): Promise<void> {
  const model = await trainModel({
    ...options,
    onEpoch: (progress) => post({ type: 'epoch', progress }),
    log: (message) => post({ type: 'log', message }),
  });
  try {
    const result = await serializeEnsemble(model);
    post({ type: 'done', result }, [...new Set(Object.values(result.files).map((f) => f.buffer as ArrayBuffer))]);
  } finally {
    disposeEnsemble(model);
  }
}

run(workerData as WorkerTrainOptions).catch((err: unknown) => {
  const e = err instanceof Error ? err : new Error(String(err));
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) if (['string', 'number', 'boolean'].includes(typeof v)) fields[k] = v;
  post({ type: 'error', error: { name: e.name, message: e.message, stack: e.stack, kind: errorKindOf(e) ?? undefined, fields } });
});
