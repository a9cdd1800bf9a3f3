/**
 * Per-symbol failures made visible in Temporal: the failed count and symbols go into the run's
 * memo (shown by the Temporal UI, no registration needed), and a run in which every symbol
 * failed ends as a failed workflow naming the symbols and causes.
 */
import { ApplicationFailure, upsertMemo } from '@temporalio/workflow';
import { ALL_SYMBOLS_FAILED } from '../common/constants.js';

export interface SymbolFailure {
  symbol: string;
  error: string;
}

/** Memo `<prefix>Total`, `<prefix>Failed` and `<prefix>FailedSymbols`, e.g. refreshFailed: 2. */
export function memoSymbolFailures(prefix: string, total: number, failures: readonly SymbolFailure[]): void {
  upsertMemo({
    [`${prefix}Total`]: total,
    [`${prefix}Failed`]: failures.length,
    [`${prefix}FailedSymbols`]: failures.map((f) => f.symbol),
  });
}

/**
 * Throws a non-retryable `AllSymbolsFailed` failure when there were symbols and all of them
 * failed; its details carry the run's full result (per-symbol outcomes) for clients.
 */
export function failIfEverySymbolFailed(what: string, total: number, failures: readonly SymbolFailure[], result: unknown): void {
  if (total === 0 || failures.length < total) return;
  throw ApplicationFailure.create({
    type: ALL_SYMBOLS_FAILED,
    nonRetryable: true,
    message: `${what}: every symbol failed (${total} of ${total}): ${failures.map((f) => `${f.symbol} — ${f.error}`).join('; ')}`,
    details: [result],
  });
}
