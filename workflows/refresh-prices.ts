import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { FetchPricesResult, RefreshPricesInput, RefreshPricesResult, SymbolOutcome } from '../common/wire/index.js';
import { localOptions, REFRESH_CHUNK_ATTEMPTS, refreshChunkOptions } from './activity-options.js';
import { chunked, mapWithConcurrency } from './concurrency.js';
import { failIfEverySymbolFailed, memoSymbolFailures, type SymbolFailure } from './symbol-failures.js';

const { refreshPriceChunk } = proxyActivities<Activities>(refreshChunkOptions);
const { pipelineSettings } = proxyActivities<Activities>(localOptions);

/** Data providers rate-limit; a handful of parallel fetches (one per chunk in flight) is plenty. */
const FETCH_CONCURRENCY = 4;
/**
 * Most symbols refreshed by one activity: at 500 symbols, 20 activities (about 120 history
 * events) instead of 500 fetches and their forecasts (3,000 and more), each result a few KB.
 */
export const REFRESH_CHUNK = 25;

/** Chunks for `symbols`: FETCH_CONCURRENCY of them when that makes them smaller than REFRESH_CHUNK, so 13 symbols still fetch 4 at once. */
export function refreshChunks(symbols: readonly string[]): string[][] {
  if (symbols.length === 0) return [];
  return chunked(symbols, Math.min(REFRESH_CHUNK, Math.ceil(symbols.length / FETCH_CONCURRENCY)));
}

/**
 * Brings the price cache of each symbol up to date. One symbol failing (unknown ticker, bad
 * data, provider down after retries) is reported in its outcome and does not fail the others;
 * the failed count and symbols are in the memo. When every symbol failed, the workflow fails
 * (non-retryable `AllSymbolsFailed`, naming the symbols and causes).
 */
export async function refreshPrices(input: RefreshPricesInput = {}): Promise<RefreshPricesResult> {
  const symbols = input.symbols ?? (await pipelineSettings()).symbols;
  const result = await refreshSymbols(symbols, input.forecast ?? 'if-new-data');
  failIfEverySymbolFailed('refreshPrices', result.outcomes.length, refreshFailures(result), result);
  return result;
}

/**
 * The body of refreshPrices, also used inline by monitorAll and smartTraining: fetch each
 * symbol's missing days and, when new bars arrived (or always), recompute the champion's stored
 * forecast — a chunk of symbols per activity (`refreshPriceChunk`). The failed count and
 * symbols go into the calling run's memo (`refreshFailed`, …).
 */
export async function refreshSymbols(symbols: readonly string[], forecast: NonNullable<RefreshPricesInput['forecast']>): Promise<RefreshPricesResult> {
  const perChunk = await mapWithConcurrency(refreshChunks(symbols), FETCH_CONCURRENCY, async (chunk): Promise<SymbolOutcome<FetchPricesResult>[]> => {
    try {
      return await refreshPriceChunk({ symbols: chunk, forecast, attempts: REFRESH_CHUNK_ATTEMPTS });
    } catch (err) {
      // The chunk itself failed (its worker lost past the retries, a bug): each of its symbols failed so.
      return chunk.map((symbol) => failedOutcome(symbol, err));
    }
  });
  const outcomes = perChunk.flat();
  const succeeded = outcomes.filter((o) => o.ok).length;
  const result = { outcomes, succeeded, failed: outcomes.length - succeeded };
  memoSymbolFailures('refresh', outcomes.length, refreshFailures(result));
  return result;
}

/** The symbols a refresh could not bring up to date, with their causes. */
export function refreshFailures(result: RefreshPricesResult): SymbolFailure[] {
  return result.outcomes.flatMap((o) => (o.ok ? [] : [{ symbol: o.symbol, error: `${o.errorType}: ${o.error}` }]));
}

/** Describes why a symbol's activity failed, from the root ApplicationFailure of the chain. */
export function failedOutcome(symbol: string, err: unknown): SymbolOutcome<never> {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure) {
    return { ok: false, symbol, errorType: cause.type ?? 'Error', error: cause.message, retryable: !cause.nonRetryable };
  }
  const e = cause as Error;
  return { ok: false, symbol, errorType: e?.name ?? 'Error', error: e?.message ?? String(err), retryable: true };
}
