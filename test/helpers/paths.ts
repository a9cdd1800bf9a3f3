import path from 'node:path';

/** Real daily prices for the 13 symbols, read in place from ../shared (never copied here). */
export const PRICES_DIR = process.env.STOCKFLOW_PRICES_DIR ?? path.resolve(import.meta.dirname, '../../../shared/data/prices');
export const YAHOO_FIXTURES_DIR = process.env.STOCKFLOW_YAHOO_FIXTURES_DIR ?? path.resolve(import.meta.dirname, '../../../shared/data/yahoo-fixtures');
export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
