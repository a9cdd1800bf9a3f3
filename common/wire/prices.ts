/** Price refresh: inputs and per-symbol outcomes. Safe for workflow code (types only). */

export interface RefreshPricesInput {
  /** Symbols to refresh; the configured universe when absent. */
  symbols?: string[];
  /**
   * Recompute the stored next-session forecast: only when new bars arrived (default), or
   * always (after a manual restore changed the champion).
   */
  forecast?: 'if-new-data' | 'always';
}

/** One refresh activity's chunk of symbols (refreshPriceChunk). */
export interface RefreshChunkInput {
  symbols: string[];
  forecast: NonNullable<RefreshPricesInput['forecast']>;
  /** The activity's maximumAttempts: on the last one a retryable failure becomes the symbol's outcome. */
  attempts: number;
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
