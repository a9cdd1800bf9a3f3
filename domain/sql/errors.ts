/** Errors of the SQL layer, with the ErrorKind each face maps (common/errors.ts). */
import { StockflowError } from '../../common/errors.js';

/** The database server cannot be reached, or the connection was lost inside a transaction: retry later. */
export class SqlUnavailableError extends StockflowError {
  readonly kind = 'unavailable';
  constructor(readonly server: string, detail: string, options?: { cause?: unknown }) {
    super(`database ${server}: ${detail}`, options);
  }
}

/** A statement failed (a constraint, a type, bad SQL): not a connection problem. */
export class SqlQueryError extends StockflowError {
  readonly kind = 'permanent';
  constructor(
    readonly server: string,
    readonly statement: string,
    detail: string,
    /** SQLSTATE, e.g. 23505 (unique violation) */
    readonly code?: string,
    readonly constraint?: string,
    options?: { cause?: unknown },
  ) {
    super(`database ${server}: ${detail} (in: ${statement.replace(/\s+/g, ' ').trim().slice(0, 200)})`, options);
  }
}

/** `store.url` is not a URL this build can open. */
export class StoreUrlError extends StockflowError {
  readonly kind = 'invalid';
  constructor(readonly value: string, readonly source: string, reason: string) {
    super(`${source}: store.url = ${JSON.stringify(value)} is not allowed: ${reason}; expected postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE (or postgresql://…)`);
  }
}
