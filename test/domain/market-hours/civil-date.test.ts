import { describe, expect, it } from 'vitest';
import {
  addDays, civilFromDayNumber, dayNumber, easterSunday, formatIsoDate, lastWeekdayOfMonth, nthWeekdayOfMonth,
  parseIsoDate, weekdayOf, MONDAY, THURSDAY,
} from '../../../domain/market-hours/civil-date.js';

describe('civil date arithmetic', () => {
  it('agrees with Date.UTC on day numbers and weekdays for every day 1900–2100', () => {
    for (let n = dayNumber({ year: 1900, month: 1, day: 1 }); n <= dayNumber({ year: 2100, month: 12, day: 31 }); n++) {
      const utc = new Date(n * 86_400_000);
      const civil = civilFromDayNumber(n);
      expect(civil).toEqual({ year: utc.getUTCFullYear(), month: utc.getUTCMonth() + 1, day: utc.getUTCDate() });
      if (dayNumber(civil) !== n) throw new Error(`round trip failed at ${n}`);
      if (weekdayOf(civil) !== utc.getUTCDay()) throw new Error(`weekday wrong at ${formatIsoDate(civil)}`);
    }
  });

  it('parses strict ISO dates and rejects impossible ones with the value in the message', () => {
    expect(parseIsoDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    for (const bad of ['2025-02-29', '2025-13-01', '2025-00-10', '2025-1-2', '20250102', '2025-01-02T00:00:00Z', '']) {
      expect(() => parseIsoDate(bad)).toThrow(RangeError);
    }
    expect(() => parseIsoDate('2025-02-30')).toThrow(/"2025-02-30" is not a calendar date/);
  });

  it('adds days across month and leap-year boundaries', () => {
    expect(formatIsoDate(addDays(parseIsoDate('2024-02-28'), 1))).toBe('2024-02-29');
    expect(formatIsoDate(addDays(parseIsoDate('2025-01-01'), -1))).toBe('2024-12-31');
  });

  it('finds nth and last weekdays of a month', () => {
    expect(nthWeekdayOfMonth(2025, 1, MONDAY, 3)).toEqual({ year: 2025, month: 1, day: 20 });
    expect(nthWeekdayOfMonth(2026, 11, THURSDAY, 4)).toEqual({ year: 2026, month: 11, day: 26 });
    expect(lastWeekdayOfMonth(2025, 5, MONDAY)).toEqual({ year: 2025, month: 5, day: 26 });
    expect(lastWeekdayOfMonth(2027, 5, MONDAY)).toEqual({ year: 2027, month: 5, day: 31 });
  });

  it('computes Western Easter, including the earliest and latest possible dates', () => {
    const easters: Record<number, string> = {
      1818: '1818-03-22', 1943: '1943-04-25', 2000: '2000-04-23', 2008: '2008-03-23', 2011: '2011-04-24',
      2019: '2019-04-21', 2024: '2024-03-31', 2025: '2025-04-20', 2026: '2026-04-05', 2027: '2027-03-28',
      2038: '2038-04-25', 2285: '2285-03-22',
    };
    for (const [year, iso] of Object.entries(easters)) expect(formatIsoDate(easterSunday(Number(year)))).toBe(iso);
  });
});
