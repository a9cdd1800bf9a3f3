import type { ActivityOptions } from '@temporalio/workflow';
import { NON_RETRYABLE_ERROR_TYPES } from '../common/errors.js';

const nonRetryableErrorTypes = [...NON_RETRYABLE_ERROR_TYPES];

/** Network-bound fetches: short timeout, patient retries with backoff (429s, outages). */
export const fetchOptions: ActivityOptions = {
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 5, nonRetryableErrorTypes },
};

/** Attempts of one refreshPriceChunk; the activity turns a still-retryable failure into an outcome on the last. */
export const REFRESH_CHUNK_ATTEMPTS = 5;

/**
 * A chunk of price refreshes in one activity: the fetch's patient backoff (429s, outages), a
 * heartbeat after each symbol (a single fetch may take up to two minutes), room for the chunk.
 */
export const refreshChunkOptions: ActivityOptions = {
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: REFRESH_CHUNK_ATTEMPTS, nonRetryableErrorTypes },
};

/** Quick local work (settings, registry, history, incidents). */
export const localOptions: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumAttempts: 3, nonRetryableErrorTypes },
};

/**
 * Local work over a chunk of symbols in one activity (e.g. `assessSymbols`): room for the whole
 * chunk, and a heartbeat after each symbol lets Temporal notice a dead worker within a minute.
 */
export const batchOptions: ActivityOptions = {
  startToCloseTimeout: '15 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumAttempts: 3, nonRetryableErrorTypes },
};

/**
 * CPU-heavy training on the training task queue. The heartbeat timeout lets Temporal notice a
 * dead worker within seconds and retry elsewhere; the activity heartbeats every epoch.
 *
 * A lost worker (killed, restarted, its heartbeat timed out) is not a training failure, so the
 * attempts are not counted: retries are capped by total time (`scheduleToCloseTimeout`) instead.
 * Real training errors still fail fast — they are the non-retryable types (bad data, missing
 * backend, integrity), and a retried attempt reuses a version the previous one already saved.
 * Cancellation waits until the trainer has stopped (the activity reports it), so a cancelled
 * retrain never ends while its trainer could still save a version.
 */
export function trainingOptions(taskQueue: string): ActivityOptions {
  return {
    taskQueue,
    startToCloseTimeout: '30 minutes',
    scheduleToCloseTimeout: '3 hours',
    heartbeatTimeout: '20 seconds',
    cancellationType: 'WAIT_CANCELLATION_COMPLETED',
    retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '30 seconds', nonRetryableErrorTypes },
  };
}

/** Evaluation of saved models (walk-forward, both champion and challenger). */
export function evaluationOptions(taskQueue: string): ActivityOptions {
  return {
    taskQueue,
    startToCloseTimeout: '10 minutes',
    heartbeatTimeout: '30 seconds',
    retry: { initialInterval: '2 seconds', maximumAttempts: 3, nonRetryableErrorTypes },
  };
}
