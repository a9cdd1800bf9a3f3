import { promises as fs } from 'node:fs';
import path from 'node:path';
import { UnknownSymbolError } from '../../common/errors.js';
import { type PriceBar } from '../../common/prices.js';
import { assertSymbol } from '../../common/symbol.js';
import { assertRange, filterRange } from './date-range.js';
import { CSV_VALIDATION_OPTIONS, parsePriceCsv } from './csv-format.js';
import { type DateRange, type PriceSource } from './price-source.js';
import { assertValidBars } from './validate.js';

/**
 * `csv:DIR` — one `<SYMBOL>.csv` per symbol. The whole file is validated on every read (a bad
 * row anywhere is reported, even outside the requested range), then the range is applied.
 */
export class CsvPriceSource implements PriceSource {
  readonly name: string;
  readonly dir: string;

  constructor(options: { dir: string }) {
    this.dir = path.resolve(options.dir);
    this.name = `csv:${this.dir}`;
  }

  filePath(symbol: string): string {
    return path.join(this.dir, `${symbol}.csv`);
  }

  async fetchBars(symbol: string, range?: DateRange): Promise<PriceBar[]> {
    assertSymbol(symbol, (reason) => new UnknownSymbolError(symbol, this.name, reason));
    assertRange(range);
    const file = this.filePath(symbol);
    const bars = await readPriceCsvFile(file, symbol);
    if (bars === null) throw new UnknownSymbolError(symbol, this.name, `no file ${file}`);
    return filterRange(bars, range);
  }

  /** mtime and size of the symbol's file (null when there is none): unchanged means not re-read. */
  async fingerprint(symbol: string): Promise<string | null> {
    assertSymbol(symbol, (reason) => new UnknownSymbolError(symbol, this.name, reason));
    return fileStamp(this.filePath(symbol));
  }
}

/** `mtimeMs:size` of a file, null when it does not exist. */
export async function fileStamp(file: string): Promise<string | null> {
  try {
    const stat = await fs.stat(file);
    return `${stat.mtimeMs}:${stat.size}`;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Reads and validates one price file; `null` when it does not exist. */
export async function readPriceCsvFile(file: string, symbol: string): Promise<PriceBar[] | null> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  return assertValidBars(symbol, file, parsePriceCsv(text, symbol, file), CSV_VALIDATION_OPTIONS);
}
