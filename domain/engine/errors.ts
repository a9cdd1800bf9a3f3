import { StockflowError } from '../../common/errors.js';

/** Not enough usable sessions (after dropping a pre-listing stretch) to train or predict. */
export class InsufficientHistoryError extends StockflowError {
  override readonly name = 'InsufficientHistoryError';
  readonly kind = 'permanent';
  constructor(
    readonly symbol: string,
    readonly rowsAvailable: number,
    readonly rowsNeeded: number,
    detail?: string,
  ) {
    super(`${symbol}: ${rowsAvailable} usable sessions, at least ${rowsNeeded} needed${detail ? ` (${detail})` : ''}`);
  }
}

/**
 * The configured TensorFlow.js backend (config training.backend) cannot be activated, or with
 * "auto" neither tensorflow nor wasm can (the cpu backend is never chosen unless configured).
 */
export class BackendUnavailableError extends StockflowError {
  override readonly name = 'BackendUnavailableError';
  readonly kind = 'permanent';
  constructor(readonly backend: string, reason: string, options?: { cause?: unknown }) {
    super(`TensorFlow.js backend "${backend}" is not available: ${reason}`, options);
  }
}

/** Training stopped because its AbortSignal fired (or its worker was terminated). */
export class TrainingCancelledError extends StockflowError {
  override readonly name = 'TrainingCancelledError';
  /** Stopped on request (a cancelled workflow, a shut-down worker): running it again may finish. */
  readonly kind = 'unavailable';
  constructor(readonly symbol: string, readonly epochsDone: number, options?: { cause?: unknown }) {
    super(`training of ${symbol} cancelled after ${epochsDone} epoch(s)`, options);
  }
}
