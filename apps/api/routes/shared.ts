/** What every route module shares: the 404 for a symbol, the source view. */
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';

/**
 * The 404 for a valid symbol without what was asked for, saying which case it is:
 * unknown symbol, no model yet, or (for forecasts) a model without a stored forecast yet.
 */
export function notFoundForSymbol(ctx: AppContext, symbol: string): ApiError {
  if (!ctx.summaries.knows(symbol)) {
    const configured = ctx.deps.config.symbols;
    return new ApiError(404, 'unknown_symbol', `${symbol} is not a configured symbol and has no model (configured: ${configured.join(', ')})`);
  }
  const summary = ctx.summaries.get(symbol);
  if (!summary.champion) {
    const why = summary.championProblem ? ` (champion pointer unreadable: ${summary.championProblem})` : '';
    return new ApiError(404, 'no_model', `no model for ${symbol} yet${why}: train one with "stockflow train ${symbol}"`);
  }
  return new ApiError(404, 'no_forecast', `${symbol} has model v${summary.champion.version} but no stored forecast yet; the worker stores one after each retrain and price refresh`);
}

const SOURCE_KINDS = ['csv', 'yahoo', 'synthetic'] as const;

/**
 * A price source spec as a client may see it: only its kind (`csv`, `yahoo`, `synthetic`) —
 * `csv:/srv/data/prices` names a server path — unless the caller is authenticated.
 */
export function priceSourceView(source: string | null, authenticated: boolean): string | null {
  if (source === null || authenticated) return source;
  const kind = source.split(':')[0] ?? '';
  return (SOURCE_KINDS as readonly string[]).includes(kind) ? kind : 'other';
}
