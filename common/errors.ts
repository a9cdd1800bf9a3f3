/**
 * Domain errors. Each has an explicit `name`, which Temporal uses as the failure type, so
 * retry policies can list the permanent ones in `nonRetryableErrorTypes`.
 * Activities additionally wrap permanent errors in non-retryable ApplicationFailures
 * (see activities/failures.ts).
 */

export class StockflowError extends Error {
  /** true when retrying cannot help (bad input, unknown symbol, corrupted file). */
  readonly permanent: boolean = false;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class ConfigError extends StockflowError {
  override readonly permanent = true;
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
  override readonly permanent = true;
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
  override readonly permanent = true;
  constructor(readonly symbol: string, readonly where: string, readonly rows: InvalidRow[], message?: string) {
    super(message ?? `${rows.length} invalid row(s) for ${symbol} in ${where}: ${rows.slice(0, 5).map(describeRow).join('; ')}${rows.length > 5 ? `; … and ${rows.length - 5} more` : ''}`);
  }
}

/** Network failure, timeout or 5xx from a data provider: retry later. */
export class DataSourceUnavailableError extends StockflowError {
  constructor(readonly source: string, message: string, options?: { cause?: unknown }) {
    super(`${source} unavailable: ${message}`, options);
  }
}

/** HTTP 429 from a data provider: retry with backoff. */
export class RateLimitedError extends StockflowError {
  constructor(readonly source: string, options?: { cause?: unknown }) {
    super(`${source} rate-limited the request (HTTP 429); retry later`, options);
  }
}

/**
 * A provider answered, but not in the shape we read (no `quote`/`timestamp`/`meta`, an empty
 * result, an HTML page, mismatched arrays): its API changed, and retrying will not help.
 */
export class DataSchemaError extends StockflowError {
  override readonly permanent = true;
  constructor(readonly source: string, readonly symbol: string, readonly detail: string, options?: { cause?: unknown }) {
    super(`${source} answered for ${symbol} in an unexpected format: ${detail}`, options);
  }
}

/**
 * A provider refused access (HTTP 401/403, or redirected to a consent or login page): it
 * needs a change on our side (credentials, consent, a library update), not another attempt.
 */
export class DataSourceAccessError extends StockflowError {
  override readonly permanent = true;
  constructor(readonly source: string, readonly symbol: string, readonly detail: string, options?: { cause?: unknown }) {
    super(`${source} refused the request for ${symbol}: ${detail}`, options);
  }
}

export class ModelIntegrityError extends StockflowError {
  override readonly permanent = true;
  constructor(readonly path: string, message: string, options?: { cause?: unknown }) {
    super(`model at ${path} failed its integrity check: ${message}`, options);
  }
}

/** Error type names a retry policy must not retry. */
export const NON_RETRYABLE_ERROR_TYPES = [
  'ConfigError',
  'UnknownSymbolError',
  'InvalidPriceDataError',
  'DataSchemaError',
  'DataSourceAccessError',
  'ModelIntegrityError',
  'InsufficientHistoryError',
  'BackendUnavailableError',
  'ModelNotFoundError',
  'InvalidModelArtifactError',
  'PromotionMismatchError',
  'HistorySchemaError',
  'HistoryInputError',
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
