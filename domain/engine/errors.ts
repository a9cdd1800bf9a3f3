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

/** A TensorFlow.js backend was forced (option or STOCKFLOW_TF_BACKEND) but cannot be activated. */
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
