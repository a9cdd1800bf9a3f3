/**
 * `refreshPriceChunk`: a chunk of symbols refreshed in one activity (fetch the missing days, then
 * the champion's forecast when new bars arrived), heartbeating after each symbol — three history
 * events per chunk instead of three to six per symbol, so a refresh of 500 symbols stays short.
 * One symbol's permanent failure is its outcome; a retryable one (provider down, rate limited)
 * fails the attempt after the whole chunk was tried, and Temporal retries it with backoff: the
 * heartbeat details carry the symbols already settled, so a retry refreshes only the others. On
 * the last attempt a still-failing symbol becomes a failed outcome instead.
 */
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { FetchPricesResult, RefreshChunkInput, SymbolOutcome } from '../common/wire/index.js';

type Outcome = SymbolOutcome<FetchPricesResult>;

/** What a retried attempt starts from: outcomes settled so far, and symbols whose new bars still need a forecast. */
export interface RefreshChunkProgress {
  settled: Outcome[];
  forecastPending: string[];
}

export interface RefreshChunkParts {
  fetchPrices: (input: { symbol: string }) => Promise<FetchPricesResult>;
  refreshPrediction: (input: { symbol: string }) => Promise<{ stored: boolean }>;
}

/** The failure of one symbol as an outcome: the ApplicationFailure's type and retryability, else retryable. */
export function outcomeOfError(symbol: string, err: unknown): Extract<Outcome, { ok: false }> {
  if (err instanceof ApplicationFailure) {
    return { ok: false, symbol, errorType: err.type ?? 'Error', error: err.message, retryable: !err.nonRetryable };
  }
  const e = err as Error | undefined;
  return { ok: false, symbol, errorType: e?.name ?? 'Error', error: e?.message ?? String(err), retryable: true };
}

export function createRefreshChunkActivities(parts: RefreshChunkParts) {
  return {
    async refreshPriceChunk({ symbols, forecast, attempts }: RefreshChunkInput): Promise<Outcome[]> {
      const context = Context.current();
      const previous = context.info.heartbeatDetails as RefreshChunkProgress | undefined;
      const settled = new Map((previous?.settled ?? []).map((o) => [o.symbol, o]));
      const forecastPending = new Set(previous?.forecastPending ?? []);
      const lastAttempt = context.info.attempt >= attempts;
      const retrying: Array<Extract<Outcome, { ok: false }>> = [];

      for (const symbol of symbols) {
        if (settled.has(symbol)) continue;
        let outcome: Outcome;
        try {
          const fetched = await parts.fetchPrices({ symbol });
          if (fetched.rowsAdded > 0) forecastPending.add(symbol);
          if (forecastPending.has(symbol) || forecast === 'always') await parts.refreshPrediction({ symbol });
          forecastPending.delete(symbol);
          outcome = { ok: true, ...fetched };
        } catch (err) {
          outcome = outcomeOfError(symbol, err);
        }
        if (!outcome.ok && outcome.retryable && !lastAttempt) retrying.push(outcome);
        else settled.set(symbol, outcome);
        context.heartbeat({ settled: [...settled.values()], forecastPending: [...forecastPending] } satisfies RefreshChunkProgress);
      }

      if (retrying.length > 0) {
        throw ApplicationFailure.retryable(
          `${retrying.length} of ${symbols.length} symbols failed, retried with backoff (attempt ${context.info.attempt} of ${attempts}): `
            + retrying.map((o) => `${o.symbol} — ${o.errorType}: ${o.error}`).join('; '),
          'RefreshChunkRetry',
        );
      }
      return symbols.map((symbol) => settled.get(symbol)!); // every symbol settled: none is retrying
    },
  };
}
