/**
 * Turning what goes wrong talking to Yahoo into the domain errors the rest of the system
 * retries on (or not). yahoo-finance2 reads the JSON error body before looking at the HTTP
 * status and throws a plain `Error(description)`, which loses the status; so the `fetch` we
 * hand it raises `YahooHttpError` for any non-2xx response and `YahooSchemaProblem` for a
 * chart body of the wrong shape first, and `classifyYahooError` maps those (and network
 * failures) afterwards.
 */

import {
  DataSourceUnavailableError,
  RateLimitedError,
  StockflowError,
  UnknownSymbolError,
  UnusableDataSourceError,
} from '../../common/errors.js';
import { chartBodyProblem, isChartUrl, YahooSchemaProblem } from './yahoo-schema.js';

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export class YahooHttpError extends Error {
  constructor(
    readonly status: number,
    readonly statusText: string,
    readonly url: string,
    /** Yahoo's `{ chart: { error: { description } } }`, when the body had one. */
    readonly description: string | undefined,
    /** Where a 3xx response pointed. */
    readonly location?: string,
  ) {
    super(`HTTP ${status} ${statusText}${description ? `: ${description}` : ''} (${url})`);
    this.name = 'YahooHttpError';
  }
}

/**
 * Wraps a fetch so every request has a timeout, every non-2xx response throws `YahooHttpError`
 * and a chart body of the wrong shape throws `YahooSchemaProblem`.
 */
export function strictFetch(inner: FetchLike, timeoutMs: number): FetchLike {
  return async (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    const response = await inner(input, { ...init, signal });
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!response.ok) {
      throw new YahooHttpError(response.status, response.statusText, url, await readDescription(response), response.headers.get('location') ?? undefined);
    }
    if (!isChartUrl(url)) return response;
    const text = await response.text();
    const problem = chartBodyProblem(text, response.headers.get('content-type'));
    if (problem) {
      // Followed to a page that is not the API (a consent or login page): access, not format.
      if (response.redirected && response.url) throw new YahooHttpError(302, 'Found', url, undefined, response.url);
      throw new YahooSchemaProblem(problem, url);
    }
    return new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
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
    // The chart endpoint needs no cookie or crumb: 401/403, or a redirect (to a consent or
    // login page), means Yahoo now refuses this client — a change is needed, not a retry.
    if (err.status === 401 || err.status === 403) {
      return new UnusableDataSourceError('yahoo', symbol, 'access', `HTTP ${err.status} ${err.statusText}${err.description ? ` (${err.description})` : ''}`.trim(), { cause: err });
    }
    if (err.status >= 300 && err.status < 400) {
      return new UnusableDataSourceError('yahoo', symbol, 'access', `HTTP ${err.status}: redirected to ${err.location ?? 'an unnamed location'} instead of answering`, { cause: err });
    }
    // 5xx and other statuses are worth retrying.
    return new DataSourceUnavailableError('yahoo', `chart request for ${symbol} failed: ${err.message}`, { cause: err });
  }
  if (err instanceof YahooSchemaProblem) return new UnusableDataSourceError('yahoo', symbol, 'format', err.detail, { cause: err });
  const e = err as { name?: string; message?: string } | undefined;
  if (e?.name === 'TimeoutError') {
    return new DataSourceUnavailableError('yahoo', `chart request for ${symbol} timed out after ${timeoutMs} ms`, { cause: err });
  }
  // The same "not found" occasionally arrives in a 200 body; yahoo-finance2 throws it as a plain Error.
  if (typeof e?.message === 'string' && /No data found, symbol may be delisted/i.test(e.message)) {
    return new UnknownSymbolError(symbol, 'yahoo', e.message, { cause: err });
  }
  // A body that passed our shape check but not yahoo-finance2's schema (a field it requires
  // was renamed or dropped): the API changed.
  if (e?.name === 'FailedYahooValidationError') {
    return new UnusableDataSourceError('yahoo', symbol, 'format', `yahoo-finance2's schema check failed${describeValidation(err)}`, { cause: err });
  }
  // Network failures (`TypeError: fetch failed`) and aborted sockets: retry later, keeping the
  // original error as the cause.
  return new DataSourceUnavailableError('yahoo', `chart request for ${symbol} failed: ${e?.message ?? String(err)}`, { cause: err });
}

/** Errors worth one more immediate request before giving up for good (Yahoo's odd bad answer). */
export function isRetriedOnce(err: Error): boolean {
  return err instanceof UnusableDataSourceError;
}

function describeValidation(err: unknown): string {
  const first = (err as { errors?: Array<{ instancePath?: string; message?: string }> }).errors?.[0];
  return first?.message ? `: ${first.instancePath || '(root)'} ${first.message}` : '';
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
