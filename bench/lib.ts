/** Shared helpers for the model benchmarks: price files, argument parsing, tables, results. */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PriceBar } from '../common/prices.js';
import { DEFAULT_SYMBOLS } from '../common/constants.js';
import { readPriceCsvFile } from '../domain/prices/index.js';

export const PRICES_DIR = process.env.STOCKFLOW_PRICES_DIR ?? path.resolve(import.meta.dirname, '../../shared/data/prices');

export async function loadBars(symbol: string): Promise<PriceBar[]> {
  const bars = await readPriceCsvFile(path.join(PRICES_DIR, `${symbol}.csv`), symbol);
  if (!bars) throw new Error(`no price file for ${symbol} in ${PRICES_DIR} (set STOCKFLOW_PRICES_DIR)`);
  return bars;
}

/** `--name=value` flags; `--symbols=A,B` defaults to the 13 default symbols. */
export function args(): { symbols: string[]; flags: Record<string, string> } {
  const flags: Record<string, string> = {};
  for (const a of process.argv.slice(2)) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
    if (m?.[1]) flags[m[1]] = m[2] ?? 'true';
  }
  return { symbols: flags.symbols ? flags.symbols.split(',') : [...DEFAULT_SYMBOLS], flags };
}

export function writeResult(name: string, data: object): string {
  const dir = path.join(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ bench: name, ranAt: new Date().toISOString(), machine: machine(), ...data }, null, 2) + '\n');
  return file;
}

export function machine() {
  return { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, loadAvgAtEnd: os.loadavg().map((l) => +l.toFixed(2)) };
}

/** Peak resident set size of this process (all its threads), MB. */
export const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

export function table(rows: Record<string, string | number>[]): string {
  if (rows.length === 0) return '';
  const cols = Object.keys(rows[0] ?? {});
  const cell = (v: string | number | undefined) => (v === undefined ? '' : String(v));
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals: string[]) => vals.map((v, i) => (i === 0 ? v.padEnd(width[i] ?? 0) : v.padStart(width[i] ?? 0))).join('  ');
  return [line(cols), line(width.map((w) => '-'.repeat(w))), ...rows.map((r) => line(cols.map((c) => cell(r[c]))))].join('\n');
}

export const pct = (x: number, digits = 1) => (Number.isFinite(x) ? `${(100 * x).toFixed(digits)}%` : 'n/a');
export const secs = (ms: number) => (ms / 1000).toFixed(1);

/** Runs `jobs` with at most `limit` in flight, results in input order. */
export async function pool<T, R>(items: readonly T[], limit: number, job: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await job(items[i]!); // i < items.length: checked just above
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** The median of `xs` (the mean of the middle two for an even count); throws on an empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  const hi = s[m];
  const lo = s.length % 2 ? hi : s[m - 1];
  if (hi === undefined || lo === undefined) throw new RangeError('median of no values');
  return s.length % 2 ? hi : (lo + hi) / 2;
}
