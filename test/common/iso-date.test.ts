import { describe, expect, it } from 'vitest';
import { addDays, isIsoDate, isoDateToUtcMs, isWeekend, parseIsoDate, utcMsToIsoDate, weekdayOf } from '../../common/iso-date.js';

describe('ISO calendar dates', () => {
  it('steps day by day like Date.UTC, with the same weekdays, 1900–2100', () => {
    let date = '1900-01-01';
    for (let t = Date.UTC(1900, 0, 1); t <= Date.UTC(2100, 11, 31); t += 86_400_000) {
      const utc = new Date(t);
      if (date !== utc.toISOString().slice(0, 10)) throw new Error(`${date} should be ${utc.toISOString()}`);
      if (weekdayOf(date) !== utc.getUTCDay()) throw new Error(`weekday wrong at ${date}`);
      date = addDays(date, 1);
    }
  });

  it('parses strict ISO dates and rejects impossible ones with the value in the message', () => {
    expect(parseIsoDate('2024-02-29')).toBe('2024-02-29');
    for (const bad of ['2025-02-29', '1900-02-29', '0000-01-01', '2025-13-01', '2025-00-10', '2025-1-2', '20250102', '2025-01-02T00:00:00Z', '']) {
      expect(() => parseIsoDate(bad)).toThrow(RangeError);
      expect(isIsoDate(bad)).toBe(false);
    }
    expect(() => parseIsoDate('2025-02-30')).toThrow(/"2025-02-30" is not a calendar date/);
  });

  it('adds days across month and leap-year boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
  });

  it('converts to and from epoch milliseconds at UTC midnight and knows weekends', () => {
    expect(isoDateToUtcMs('2025-07-04')).toBe(Date.UTC(2025, 6, 4));
    expect(utcMsToIsoDate(Date.UTC(2025, 6, 4, 23, 59))).toBe('2025-07-04');
    expect(['2025-07-05', '2025-07-06', '2025-07-07'].map(isWeekend)).toEqual([true, true, false]);
  });
});
