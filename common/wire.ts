/**
 * Input and output types of workflows and activities (one object argument each, so fields
 * can be added without breaking callers or running histories). Safe for workflow code.
 */

export interface RefreshPricesInput {
  /** Symbols to refresh; the configured universe when absent. */
  symbols?: string[];
}

export interface FetchPricesInput {
  symbol: string;
}

export interface FetchPricesResult {
  symbol: string;
  source: string;
  rowsAdded: number;
  totalRows: number;
  firstDate: string | null;
  lastDate: string | null;
}

export type SymbolOutcome<T> =
  | ({ ok: true } & T)
  | { ok: false; symbol: string; errorType: string; error: string; retryable: boolean };

export interface RefreshPricesResult {
  outcomes: SymbolOutcome<FetchPricesResult>[];
  succeeded: number;
  failed: number;
}
