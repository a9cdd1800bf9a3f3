import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { SYMBOL_PATTERN } from '../../../common/constants.js';
import { isIsoDate } from '../../../common/iso-date.js';
import { formatPriceSourceSpec, readPriceSourceSpec } from '../../../common/price-source-spec.js';
import type { ResolvedConfig } from '../../../config/index.js';
import { usageError } from './errors.js';

/**
 * Symbols from the command line: upper-cased, de-duplicated. A configured symbol or any valid
 * ticker passes (a model may exist for a symbol since removed from the configuration); anything
 * else is a usage error naming it and listing the configured ones.
 */
export function parseSymbols(raw: string[], config: Pick<ResolvedConfig, 'symbols' | 'configFile'>): string[] {
  const symbols: string[] = [];
  for (const r of raw) {
    const s = r.trim().toUpperCase();
    if (!config.symbols.includes(s) && !SYMBOL_PATTERN.test(s)) {
      throw usageError('UNKNOWN_SYMBOL', `unknown symbol "${r}": not a configured symbol and not a valid ticker`,
        `Configured symbols: ${config.symbols.join(', ')} (add others to "symbols" in ${config.configFile ?? 'stockflow.config.yaml'} or STOCKFLOW_SYMBOLS)`);
    }
    if (!symbols.includes(s)) symbols.push(s);
  }
  return symbols;
}

/** The one symbol of a command that takes exactly one (its positionals are checked first; this names a missing one all the same). */
export function parseSymbol(command: string, raw: string[], config: Pick<ResolvedConfig, 'symbols' | 'configFile'>): string {
  const [symbol] = parseSymbols(raw, config);
  if (symbol === undefined) throw usageError('MISSING_ARGUMENT', `${command} needs a symbol`, `Usage: stockflow ${command} SYMBOL (see --help)`);
  return symbol;
}

/** Symbols that are valid tickers but not in the configured universe (worth a note). */
export function unlisted(symbols: string[], config: Pick<ResolvedConfig, 'symbols'>): string[] {
  return symbols.filter((s) => !config.symbols.includes(s));
}

/** A calendar date YYYY-MM-DD that exists (2025-02-30 does not). */
export function parseDate(option: string, raw: string): string {
  if (!isIsoDate(raw)) throw usageError('BAD_DATE', `--${option} "${raw}" is not a date`, `Use YYYY-MM-DD, e.g. --${option} 2025-01-02`);
  return raw;
}

export function parsePositiveInt(option: string, raw: string): number {
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) {
    throw usageError('BAD_VALUE', `--${option} "${raw}" is not a positive whole number`, `Use e.g. --${option} 3`);
  }
  return Number(raw);
}

/**
 * A price source for `evaluate --source`: "yahoo", "synthetic[:SEED]" or "csv:DIR". A csv
 * directory is made absolute (the worker resolves paths against its own working directory)
 * and must exist.
 */
export function parseSource(raw: string): string {
  const spec = readPriceSourceSpec(raw);
  if (spec === null) {
    throw usageError('BAD_SOURCE', `--source "${raw}" is not a price source`, 'Use csv:DIR, yahoo or synthetic (optionally synthetic:SEED)');
  }
  if (spec.kind !== 'csv') return formatPriceSourceSpec(spec);
  const dir = path.resolve(spec.dir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw usageError('BAD_SOURCE', `--source ${raw}: directory ${dir} does not exist`, 'Point csv: at a directory of <SYMBOL>.csv files');
  }
  return `csv:${dir}`;
}
