/**
 * The on-disk price format shared by the `csv:DIR` source and the local cache:
 * `date,open,high,low,close,adj_close,volume`, one row per session, ascending dates.
 * Hand-rolled because the format is fixed and flat (no quoting): SPY's ~8,000 rows parse in
 * a few milliseconds.
 */

import { InvalidPriceDataError } from '../../common/errors.js';
import { type PriceBar } from '../../common/prices.js';
import { type CandidateBar, type PriceField, type ValidationOptions } from './validate.js';

export const CSV_COLUMNS = ['date', 'open', 'high', 'low', 'close', 'adj_close', 'volume'] as const;
export const CSV_HEADER = CSV_COLUMNS.join(',');

/** Names used in validation reasons, so they match the file's header. */
export const CSV_VALIDATION_OPTIONS: ValidationOptions = { fieldNames: { adjClose: 'adj_close' } };

const FIELD_OF_COLUMN: Record<Exclude<(typeof CSV_COLUMNS)[number], 'date'>, PriceField> = {
  open: 'open',
  high: 'high',
  low: 'low',
  close: 'close',
  adj_close: 'adjClose',
  volume: 'volume',
};

/**
 * Parses CSV text into candidate rows (not yet validated). Throws `InvalidPriceDataError`
 * for a file that cannot be read as a price table at all: empty, or a header missing columns.
 * Columns are found by name, so their order and extra columns do not matter.
 */
export function parsePriceCsv(text: string, symbol: string, where: string): CandidateBar[] {
  const lines = text.split('\n');
  const headerLine = stripBom(trimCr(lines[0] ?? '')).trim();
  if (headerLine === '') {
    throw new InvalidPriceDataError(symbol, where, [{ symbol, date: '', line: 1, reason: 'file is empty' }],
      `${where} is empty; expected the header ${CSV_HEADER}`);
  }
  const header = headerLine.split(',').map((h) => h.trim().toLowerCase());
  const missing = CSV_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    const reason = `header is missing column(s) ${missing.join(', ')}`;
    throw new InvalidPriceDataError(symbol, where, [{ symbol, date: '', line: 1, reason }],
      `${where}: ${reason}; expected ${CSV_HEADER}, got ${headerLine}`);
  }
  const index = Object.fromEntries(CSV_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<
    (typeof CSV_COLUMNS)[number],
    number
  >;

  const rows: CandidateBar[] = [];
  for (const [i, raw] of lines.entries()) {
    if (i === 0) continue; // the header
    const line = trimCr(raw);
    if (line.trim() === '') continue;
    const cells = line.split(',');
    const row: CandidateBar = {
      date: (cells[index.date] ?? '').trim(),
      open: null, high: null, low: null, close: null, adjClose: null, volume: null,
      line: i + 1,
    };
    if (cells.length !== header.length) {
      row.problems = [`expected ${header.length} columns, found ${cells.length}`];
    }
    for (const [column, field] of Object.entries(FIELD_OF_COLUMN)) {
      const cell = cells[index[column as keyof typeof index]];
      if (cell === undefined) continue;
      const raw = cell.trim();
      const value = raw === '' || raw === 'null' ? null : Number(raw);
      row[field] = value;
      if (value === null || Number.isNaN(value)) (row.rawText ??= {})[field] = raw;
    }
    rows.push(row);
  }
  return rows;
}

/** Serializes validated bars; numbers use the shortest exact form, so a read-back is lossless. */
export function formatPriceCsv(bars: readonly PriceBar[]): string {
  const out = [CSV_HEADER];
  for (const b of bars) {
    out.push(`${b.date},${b.open},${b.high},${b.low},${b.close},${b.adjClose},${b.volume}`);
  }
  return `${out.join('\n')}\n`;
}

function trimCr(s: string): string {
  return s.endsWith('\r') ? s.slice(0, -1) : s;
}

function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}
