import { ApplicationFailure } from '@temporalio/common';
import { StockflowError } from '../common/errors.js';

/**
 * Turns a domain error into the failure Temporal should see: permanent errors become
 * non-retryable ApplicationFailures (type = error name, original kept as cause); others are
 * rethrown unchanged so the activity's retry policy applies.
 */
export function toActivityFailure(err: unknown): unknown {
  if (err instanceof ApplicationFailure) return err;
  if (err instanceof StockflowError && err.permanent) {
    return ApplicationFailure.create({ type: err.name, message: err.message, nonRetryable: true, cause: err });
  }
  if (err instanceof StockflowError) {
    return ApplicationFailure.create({ type: err.name, message: err.message, nonRetryable: false, cause: err });
  }
  return err;
}

/** Wraps every function of an activity group with {@link toActivityFailure}. */
export function withFailureMapping<T extends Record<string, (...args: never[]) => Promise<unknown>>>(group: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(group)) {
    wrapped[name] = async (...args: never[]) => {
      try {
        return await fn(...args);
      } catch (err) {
        throw toActivityFailure(err);
      }
    };
  }
  return wrapped as T;
}
