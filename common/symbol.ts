/**
 * The one ticker check before a symbol reaches a file path, a URL or the registry (it also
 * keeps `../x` out of `csv:DIR/<SYMBOL>.csv`). Each caller names the error its layer throws.
 */
import { SYMBOL_PATTERN } from './constants.js';

/** Why a symbol was refused, for the caller's error message. */
export const INVALID_SYMBOL_REASON = `not a valid ticker (expected ${SYMBOL_PATTERN})`;

/** Throws `invalid(reason)` unless `symbol` matches SYMBOL_PATTERN. */
export function assertSymbol(symbol: string, invalid: (reason: string) => Error): void {
  if (!SYMBOL_PATTERN.test(symbol)) throw invalid(INVALID_SYMBOL_REASON);
}
