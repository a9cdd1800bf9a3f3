import { ApplicationFailure } from '@temporalio/common';
import { type ErrorKind, StockflowError } from '../common/errors.js';

/** Whether Temporal may retry an activity that failed with an error of this kind (the one mapping). */
export const RETRYABLE_BY_KIND: Readonly<Record<ErrorKind, boolean>> = {
  invalid: false,
  'not-found': false,
  permanent: false,
  unavailable: true,
};

/**
 * Turns a domain error into the failure Temporal should see: an ApplicationFailure whose type
 * is the error's name, non-retryable unless its kind is `unavailable`, with the kind in its
 * details (so a client reading the failure knows it without knowing the class) and the original
 * kept as cause. Anything else is rethrown unchanged so the activity's retry policy applies.
 */
export function toActivityFailure(err: unknown): unknown {
  if (err instanceof ApplicationFailure) return err;
  if (err instanceof StockflowError) {
    return ApplicationFailure.create({
      type: err.name, message: err.message, nonRetryable: !RETRYABLE_BY_KIND[err.kind], details: [{ kind: err.kind }], cause: err,
    });
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
