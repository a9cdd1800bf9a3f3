import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PRICES_DIR } from './paths.js';

function realLines(symbol: string): { header: string; rows: string[] } {
  const file = path.join(PRICES_DIR, `${symbol}.csv`);
  const [header, ...rows] = readFileSync(file, 'utf8').trim().split('\n');
  if (header === undefined) throw new Error(`${file} is empty`);
  return { header, rows };
}

/** Copies a real price file into `dir`, keeping only sessions up to `through` (inclusive). */
export function writeTruncatedPrices(dir: string, symbol: string, through: string): void {
  mkdirSync(dir, { recursive: true });
  const { header, rows } = realLines(symbol);
  writeFileSync(path.join(dir, `${symbol}.csv`), [header, ...rows.filter((r) => r.slice(0, 10) <= through)].join('\n') + '\n');
}

/** Appends the real sessions after `after`, `count` of them; returns their dates. */
export function appendRealSessions(dir: string, symbol: string, after: string, count: number): string[] {
  const rows = realLines(symbol).rows.filter((r) => r.slice(0, 10) > after).slice(0, count);
  appendFileSync(path.join(dir, `${symbol}.csv`), rows.join('\n') + '\n');
  return rows.map((r) => r.slice(0, 10));
}

/**
 * Appends `count` sessions (on the real calendar after `after`) of a violent zig-zag
 * (+9% / −8% a day): any next-day model's error is far above a 5% MAPE threshold.
 */
export function appendZigZagSessions(dir: string, symbol: string, after: string, count: number): string[] {
  const file = path.join(dir, `${symbol}.csv`);
  const existing = readFileSync(file, 'utf8').trim().split('\n');
  let close = Number(existing[existing.length - 1]?.split(',')[4]);
  const dates = realLines(symbol).rows.map((r) => r.slice(0, 10)).filter((d) => d > after).slice(0, count);
  const lines = dates.map((date, i) => {
    const open = close;
    close = close * (i % 2 === 0 ? 1.09 : 0.92);
    const high = Math.max(open, close) * 1.005;
    const low = Math.min(open, close) * 0.995;
    return [date, open, high, low, close, close, 1_000_000].map((v) => (typeof v === 'number' ? v.toFixed(4) : v)).join(',');
  });
  appendFileSync(file, lines.join('\n') + '\n');
  return dates;
}

/**
 * Copies real price files under other tickers (e.g. `{ 'NVDA.MH': 'NVDA' }`) into `dir`.
 * Workflow ids are per symbol (`retrain-NVDA`) and the test server is shared by files running
 * in parallel, so tests that retrain use tickers no other test uses.
 */
export function writeAliasedPrices(dir: string, aliases: Record<string, string>): string {
  mkdirSync(dir, { recursive: true });
  for (const [alias, real] of Object.entries(aliases)) {
    writeFileSync(path.join(dir, `${alias}.csv`), readFileSync(path.join(PRICES_DIR, `${real}.csv`)));
  }
  return dir;
}
