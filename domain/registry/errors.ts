/**
 * Registry errors. Corruption is reported with common's ModelIntegrityError (already in
 * NON_RETRYABLE_ERROR_TYPES); the classes here cover what is missing or malformed.
 */
import { StockflowError } from '../../common/errors.js';

/** A symbol, version, champion or backup the caller asked for does not exist. */
export class ModelNotFoundError extends StockflowError {
  override readonly name = 'ModelNotFoundError';
  readonly kind = 'not-found';
  constructor(
    readonly symbol: string,
    readonly what: string,
    options?: { cause?: unknown },
  ) {
    super(`${symbol}: ${what} not found in the model registry`, options);
  }
}

/** The engine handed over something the registry refuses to store (bad path, wrong symbol, …). */
export class InvalidModelArtifactError extends StockflowError {
  override readonly name = 'InvalidModelArtifactError';
  readonly kind = 'invalid';
  constructor(readonly symbol: string, detail: string) {
    super(`${symbol}: model artifact refused: ${detail}`);
  }
}

/** A promotion decision was applied to a different version than the one it was made for. */
export class PromotionMismatchError extends StockflowError {
  override readonly name = 'PromotionMismatchError';
  readonly kind = 'permanent';
  constructor(readonly symbol: string, readonly decidedFor: number, readonly appliedTo: number) {
    super(`${symbol}: the promotion decision was made for v${decidedFor} but applied to v${appliedTo}`);
  }
}
