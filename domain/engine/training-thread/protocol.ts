import type { ErrorKind } from '../../../common/errors.js';
import type { EpochProgress } from '../members/gru.js';
import type { SerializedEnsemble } from '../serialize.js';
import type { TrainOptions } from '../train.js';

/** What crosses the thread boundary: TrainOptions without callbacks and signal. */
export type WorkerTrainOptions = Omit<TrainOptions, 'onEpoch' | 'signal' | 'log'>;

export interface RemoteError {
  name: string;
  message: string;
  stack?: string;
  /** The error's kind when it is a domain error (absent: an unexpected error). */
  kind?: ErrorKind;
  /** Own enumerable fields of the error (symbol, rowsNeeded, …). */
  fields: Record<string, unknown>;
}

export type WorkerMessage =
  | { type: 'epoch'; progress: EpochProgress }
  | { type: 'log'; message: string }
  | { type: 'done'; result: SerializedEnsemble }
  | { type: 'error'; error: RemoteError };
