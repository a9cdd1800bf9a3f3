/**
 * The calendar against reality: SPY trades on every NYSE session, so its daily bars list
 * exactly the trading days. Over 2013-01-01 … 2025-06-30 the two must agree day for day.
 * (They also agree from the first bar, 1993-01-29, once 1994-04-27 — Nixon's funeral — is
 * listed as a closure; that wider range is checked too.)
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTradingDay, tradingDaysBetween } from '../../../domain/market-hours/index.js';

const pricesDir = process.env.STOCKFLOW_PRICES_DIR ?? path.resolve(import.meta.dirname, '../../../../shared/data/prices');
const spyFile = path.join(pricesDir, 'SPY.csv');

function spyDates(): string[] {
  const [header, ...rows] = readFileSync(spyFile, 'utf8').trim().split(/\r?\n/);
  expect(header?.split(',')[0]).toBe('date');
  return rows.map((row) => row.slice(0, row.indexOf(',')));
}

function compare(dates: string[], from: string, to: string) {
  const inRange = dates.filter((d) => d >= from && d <= to);
  const data = new Set(inRange);
  const calendar = tradingDaysBetween(from, to);
  return {
    barsOnClosedDays: inRange.filter((d) => !isTradingDay(d)),
    sessionsWithoutBars: calendar.filter((d) => !data.has(d)),
    sessions: calendar.length,
    bars: inRange.length,
  };
}

describe(`NYSE calendar vs SPY daily bars (${spyFile})`, () => {
  it('finds the SPY price file', () => {
    expect(existsSync(spyFile), `${spyFile} is missing; point STOCKFLOW_PRICES_DIR at the folder holding SPY.csv`).toBe(true);
  });

  it('agrees day for day from 2013-01-01 to 2025-06-30', () => {
    const result = compare(spyDates(), '2013-01-01', '2025-06-30');
    expect(result.barsOnClosedDays).toEqual([]);
    expect(result.sessionsWithoutBars).toEqual([]);
    expect(result.sessions).toBe(result.bars);
    expect(result.sessions).toBeGreaterThan(3100);
  });

  it('agrees over the whole file, 1993 onwards', () => {
    const dates = spyDates();
    const result = compare(dates, dates[0]!, dates[dates.length - 1]!);
    expect(result).toMatchObject({ barsOnClosedDays: [], sessionsWithoutBars: [] });
    expect(result.sessions).toBe(result.bars);
  });
});
