/**
 * Temporal-native filtering: the `Symbol` custom search attribute (Keyword) that every
 * per-symbol workflow carries from its start, so `temporal workflow list --query "Symbol='NVDA'"`
 * and the Temporal UI find a symbol's whole history, and the memo a retrain starts with.
 * The attribute must be registered on the namespace: the embedded dev server does it at start
 * (`--search-attribute Symbol=Keyword`); on a cluster, `temporal operator search-attribute create
 * --name Symbol --type Keyword` once (README, "Running on a Temporal cluster").
 * Sandbox-safe (workflow code starts children with these options).
 */
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';
import type { RetrainSymbolInput } from './wire/index.js';

export const SYMBOL_SEARCH_ATTRIBUTE_NAME = 'Symbol';
export const SYMBOL_SEARCH_ATTRIBUTE = defineSearchAttributeKey(SYMBOL_SEARCH_ATTRIBUTE_NAME, SearchAttributeType.KEYWORD);

/** `--search-attribute` value of `temporal server start-dev`, and the type for `operator search-attribute create`. */
export const SYMBOL_SEARCH_ATTRIBUTE_REGISTRATION = { name: SYMBOL_SEARCH_ATTRIBUTE_NAME, type: 'Keyword' } as const;

/** The typed search attributes of a workflow about one symbol. */
export function symbolSearchAttributes(symbol: string): SearchAttributePair[] {
  return [{ key: SYMBOL_SEARCH_ATTRIBUTE, value: symbol }];
}

/** What a retrain's memo says from its start; the workflow adds `outcome` and `detail` when it ends. */
export interface RetrainStartMemo {
  symbol: string;
  reason: string;
  quick: boolean;
}

/** Memo a retrain ends with: `promoted` / `kept` (the gate's decision) or `failed` (the root cause). */
export interface RetrainOutcomeMemo {
  outcome: 'promoted' | 'kept' | 'failed';
  detail: string;
  challengerVersion?: number;
  championAfter?: number | null;
}

/** Start options shared by the client (`startRetrainSymbol`) and parent workflows (`startChild`). */
export function retrainStartOptions(input: RetrainSymbolInput): { typedSearchAttributes: SearchAttributePair[]; memo: Record<string, unknown> } {
  const memo: RetrainStartMemo = { symbol: input.symbol, reason: input.reason, quick: input.quick ?? false };
  return { typedSearchAttributes: symbolSearchAttributes(input.symbol), memo: { ...memo } };
}

/** The `--query` that lists one symbol's workflows (quotes inside a symbol are impossible: see SYMBOL_PATTERN). */
export function symbolVisibilityQuery(symbol: string): string {
  return `${SYMBOL_SEARCH_ATTRIBUTE_NAME}='${symbol}'`;
}
