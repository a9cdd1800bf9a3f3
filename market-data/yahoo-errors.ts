/**
 * Turning what goes wrong talking to Yahoo into the domain errors the rest of the system
 * retries on (or not). yahoo-finance2 reads the JSON error body before looking at the HTTP
 * status and throws a plain `Error(description)`, which loses the status; so the `fetch` we
 * hand it raises `YahooHttpError` for any non-2xx response first, and `classifyYahooError`
 * maps that (and network failures) afterwards.
 */

import {
  DataSourceUnavailableError,
  RateLimitedError,
  StockflowError,
  UnknownSymbolError,
} from '../common/errors';

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export class YahooHttpError extends Error {
  constructor(
    readonly status: number,
    readonly statusText: string,
    readonly url: string,
    /** Yahoo's `{ chart: { error: { description } } }`, when the body had one. */
    readonly description: string | undefined,
  ) {
    super(`HTTP ${status} ${statusText}${description ? `: ${description}` : ''} (${url})`);
    this.name = 'YahooHttpError';
  }
}

/** Wraps a fetch so every request has a timeout and every non-2xx response throws `YahooHttpError`. */
export function strictFetch(inner: FetchLike, timeoutMs: number): FetchLike {
  return async (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    const response = await inner(input, { ...init, signal });
    if (response.ok) return response;
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    throw new YahooHttpError(response.status, response.statusText, url, await readDescription(response));
  };
}

/** What a failed chart request for `symbol` means for the caller. */
export function classifyYahooError(err: unknown, symbol: string, timeoutMs: number): Error {
  if (err instanceof StockflowError) return err;
  if (err instanceof YahooHttpError) {
    if (err.status === 404) {
      return new UnknownSymbolError(symbol, 'yahoo', err.description ?? 'HTTP 404', { cause: err });
    }
    if (err.status === 429) return new RateLimitedError('yahoo', { cause: err });
    // 5xx, and 401/403 (Yahoo's cookie/crumb hiccups) are worth retrying.
    return new DataSourceUnavailableError('yahoo', `chart request for ${symbol} failed: ${err.message}`, { cause: err });
  }
  const e = err as { name?: string; message?: string } | undefined;
  if (e?.name === 'TimeoutError') {
    return new DataSourceUnavailableError('yahoo', `chart request for ${symbol} timed out after ${timeoutMs} ms`, { cause: err });
  }
  // The same "not found" occasionally arrives in a 200 body; yahoo-finance2 throws it as a plain Error.
  if (typeof e?.message === 'string' && /No data found, symbol may be delisted/i.test(e.message)) {
    return new UnknownSymbolError(symbol, 'yahoo', e.message, { cause: err });
  }
  // Network failures (`TypeError: fetch failed`), aborted sockets, and responses that failed
  // yahoo-finance2's schema check (Yahoo serves a malformed body now and then): retry later,
  // keeping the original error as the cause.
  const what = e?.name === 'FailedYahooValidationError' ? 'response failed schema validation' : e?.message ?? String(err);
  return new DataSourceUnavailableError('yahoo', `chart request for ${symbol} failed: ${what}`, { cause: err });
}

/** Yahoo answers "no bars in this window" for a known symbol with HTTP 400 and this text. */
export function isEmptyRangeError(err: unknown): boolean {
  return err instanceof YahooHttpError && err.status === 400 && /Data doesn't exist for/i.test(err.description ?? '');
}

async function readDescription(response: Response): Promise<string | undefined> {
  try {
    const body = JSON.parse(await response.text()) as Record<string, { error?: { description?: unknown } } | undefined>;
    for (const value of Object.values(body)) {
      const description = value?.error?.description;
      if (typeof description === 'string') return description;
    }
  } catch {
    // Not JSON (an HTML error page, an empty body): the status says enough.
  }
  return undefined;
}
