import { describe, expect, it } from 'vitest';
import { easterSunday, isoDateOf, lastWeekdayOfMonth, nthWeekdayOfMonth, MONDAY, THURSDAY } from '../../../domain/market-hours/holiday-dates.js';

describe('the dates holiday rules are built from', () => {
  it('writes a year, month and day as YYYY-MM-DD', () => {
    expect(isoDateOf(987, 3, 4)).toBe('0987-03-04');
  });

  it('finds nth and last weekdays of a month', () => {
    expect(nthWeekdayOfMonth(2025, 1, MONDAY, 3)).toBe('2025-01-20');
    expect(nthWeekdayOfMonth(2026, 11, THURSDAY, 4)).toBe('2026-11-26');
    expect(lastWeekdayOfMonth(2025, 5, MONDAY)).toBe('2025-05-26');
    expect(lastWeekdayOfMonth(2027, 5, MONDAY)).toBe('2027-05-31');
    expect(lastWeekdayOfMonth(2025, 12, MONDAY)).toBe('2025-12-29');
  });

  it('computes Western Easter, including the earliest and latest possible dates', () => {
    const easters: Record<number, string> = {
      1818: '1818-03-22', 1943: '1943-04-25', 2000: '2000-04-23', 2008: '2008-03-23', 2011: '2011-04-24',
      2019: '2019-04-21', 2024: '2024-03-31', 2025: '2025-04-20', 2026: '2026-04-05', 2027: '2027-03-28',
      2038: '2038-04-25', 2285: '2285-03-22',
    };
    for (const [year, iso] of Object.entries(easters)) expect(easterSunday(Number(year))).toBe(iso);
  });
});
