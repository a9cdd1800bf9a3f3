import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { FetchPricesResult, RefreshPricesInput, RefreshPricesResult, SymbolOutcome } from '../common/wire/index.js';
import { fetchOptions, localOptions } from './activity-options.js';
import { mapWithConcurrency } from './concurrency.js';
import { failIfEverySymbolFailed, memoSymbolFailures, type SymbolFailure } from './symbol-failures.js';

const { fetchPrices } = proxyActivities<Activities>(fetchOptions);
const { pipelineSettings, refreshPrediction } = proxyActivities<Activities>(localOptions);

/** Data providers rate-limit; a handful of parallel fetches is plenty. */
const FETCH_CONCURRENCY = 4;

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
 * The body of refreshPrices, also used inline by monitorAll: fetch each symbol's missing days
 * and, when new bars arrived (or always), recompute the champion's stored forecast. The
 * failed count and symbols go into the calling run's memo (`refreshFailed`, …).
 */
export async function refreshSymbols(symbols: readonly string[], forecast: NonNullable<RefreshPricesInput['forecast']>): Promise<RefreshPricesResult> {
  const outcomes = await mapWithConcurrency(symbols, FETCH_CONCURRENCY, async (symbol) => {
    try {
      const result = await fetchPrices({ symbol });
      if (result.rowsAdded > 0 || forecast === 'always') await refreshPrediction({ symbol });
      return { ok: true, ...result } satisfies SymbolOutcome<FetchPricesResult>;
    } catch (err) {
      return failedOutcome(symbol, err);
    }
  });
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
