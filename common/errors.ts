/**
 * Domain errors and their one taxonomy. Every domain error has a `kind`, and each face maps the
 * kind once: activities/failures.ts (retryable or not), apps/api/errors.ts (HTTP status) and
 * apps/cli/lib/errors.ts (exit code). The class name is the Temporal failure type, so retry
 * policies list the non-retryable ones in `nonRetryableErrorTypes`.
 */

/**
 * invalid: the input is wrong (a value, a symbol, a request) — fix it and ask again.
 * not-found: what was asked for does not exist (a model, a version, a schedule).
 * permanent: the system cannot do it and retrying will not help (corrupt file, changed provider).
 * unavailable: something is down or busy right now — retrying later can help.
 */
export type ErrorKind = 'invalid' | 'not-found' | 'permanent' | 'unavailable';

export const ERROR_KINDS: readonly ErrorKind[] = ['invalid', 'not-found', 'permanent', 'unavailable'];

export abstract class StockflowError extends Error {
  abstract readonly kind: ErrorKind;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }

  /** true when retrying cannot help: every kind but `unavailable`. */
  get permanent(): boolean {
    return this.kind !== 'unavailable';
  }
}

/** The kind of any thrown value: a domain error's own, else null (a bug or a foreign error). */
export function errorKindOf(err: unknown): ErrorKind | null {
  return err instanceof StockflowError ? err.kind : null;
}

export class ConfigError extends StockflowError {
  readonly kind = 'invalid';
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly allowed: string,
    readonly source = 'configuration',
  ) {
    super(`${source}: ${field} = ${formatValue(value)} is not allowed; expected ${allowed}`);
  }
}

export class UnknownSymbolError extends StockflowError {
  readonly kind = 'invalid';
  constructor(readonly symbol: string, readonly source: string, detail?: string, options?: { cause?: unknown }) {
    super(`unknown symbol ${symbol} in source ${source}${detail ? `: ${detail}` : ''}`, options);
  }
}

export interface InvalidRow {
  symbol: string;
  /** Date of the row as written in the input (may itself be the problem). */
  date: string;
  /** 1-based line number in a file, when the data came from one. */
  line?: number;
  reason: string;
}

export class InvalidPriceDataError extends StockflowError {
  readonly kind = 'permanent';
  constructor(readonly symbol: string, readonly where: string, readonly rows: InvalidRow[], message?: string) {
    super(message ?? `${rows.length} invalid row(s) for ${symbol} in ${where}: ${rows.slice(0, 5).map(describeRow).join('; ')}${rows.length > 5 ? `; … and ${rows.length - 5} more` : ''}`);
  }
}

/** Network failure, timeout or 5xx from a data provider: retry later. */
export class DataSourceUnavailableError extends StockflowError {
  readonly kind = 'unavailable';
  constructor(readonly source: string, message: string, options?: { cause?: unknown }) {
    super(`${source} unavailable: ${message}`, options);
  }
}

/** HTTP 429 from a data provider: retry with backoff. */
export class RateLimitedError extends StockflowError {
  readonly kind = 'unavailable';
  constructor(readonly source: string, options?: { cause?: unknown }) {
    super(`${source} rate-limited the request (HTTP 429); retry later`, options);
  }
}

/**
 * A provider answered, but in a way we cannot use, and retrying will not help: it changed on
 * its side and needs a change on ours.
 * - `format`: not the shape we read (no `quote`/`timestamp`/`meta`, an empty result, an HTML
 *   page, mismatched arrays) — its API changed;
 * - `access`: it refused access (HTTP 401/403, or redirected to a consent or login page) —
 *   credentials, consent or a library update are needed.
 * (Formerly two classes, DataSchemaError and DataSourceAccessError: one concept, one handling.)
 */
export class UnusableDataSourceError extends StockflowError {
  readonly kind = 'permanent';
  constructor(readonly source: string, readonly symbol: string, readonly problem: 'format' | 'access', readonly detail: string, options?: { cause?: unknown }) {
    super(problem === 'format'
      ? `${source} answered for ${symbol} in an unexpected format: ${detail}`
      : `${source} refused the request for ${symbol}: ${detail}`, options);
  }
}

export class ModelIntegrityError extends StockflowError {
  readonly kind = 'permanent';
  constructor(readonly path: string, message: string, options?: { cause?: unknown }) {
    super(`model at ${path} failed its integrity check: ${message}`, options);
  }
}

/**
 * Error type names a retry policy must not retry: every domain error whose kind is not
 * `unavailable` (a test checks the list against the classes).
 */
export const NON_RETRYABLE_ERROR_TYPES = [
  'ConfigError',
  'UnknownSymbolError',
  'InvalidPriceDataError',
  'UnusableDataSourceError',
  'ModelIntegrityError',
  'InsufficientHistoryError',
  'BackendUnavailableError',
  'ModelNotFoundError',
  'InvalidModelArtifactError',
  'PromotionMismatchError',
  'HistorySchemaError',
  'HistoryInputError',
  'UnknownScheduleError',
  'ScheduleNotAppliedError',
  'TemporalCliNotFoundError',
] as const;

function describeRow(r: InvalidRow): string {
  return `${r.date}${r.line !== undefined ? ` (line ${r.line})` : ''}: ${r.reason}`;
}

function formatValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
