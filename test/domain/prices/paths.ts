import path from 'node:path';

/** Real price files (read-only, never copied into the repo). */
export const PRICES_DIR =
  process.env.STOCKFLOW_PRICES_DIR ?? path.resolve(import.meta.dirname, '../../../../shared/data/prices');

/** Recorded Yahoo HTTP responses from yahoo-finance2's own test suite. */
export const YAHOO_FIXTURES_DIR =
  process.env.STOCKFLOW_YAHOO_FIXTURES_DIR ?? path.resolve(import.meta.dirname, '../../../../shared/data/yahoo-fixtures');

export function yahooFixture(relativePath: string): string {
  return path.join(YAHOO_FIXTURES_DIR, relativePath);
}
