/**
 * The dates exchange holidays are defined by: the nth or last weekday of a month and Western
 * Easter. ISO `YYYY-MM-DD` strings throughout, built on common/iso-date.ts (no clock, no time
 * zone): the same answer in Node and in Temporal's workflow sandbox.
 */
import { addDays, weekdayOf } from '../../common/iso-date.js';

/** Day of the week, 0 = Sunday … 6 = Saturday (the `Date#getUTCDay` convention). */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export const SUNDAY = 0;
export const MONDAY = 1;
export const THURSDAY = 4;
export const SATURDAY = 6;

/** `YYYY-MM-DD` of a year, month (1–12) and day. */
export function isoDateOf(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The `nth` (1-based) given weekday of a month, e.g. the 3rd Monday of January. */
export function nthWeekdayOfMonth(year: number, month: number, weekday: Weekday, nth: number): string {
  const first = isoDateOf(year, month, 1);
  return addDays(first, ((weekday - weekdayOf(first) + 7) % 7) + (nth - 1) * 7);
}

/** The last given weekday of a month, e.g. the last Monday of May. */
export function lastWeekdayOfMonth(year: number, month: number, weekday: Weekday): string {
  const last = addDays(month === 12 ? isoDateOf(year + 1, 1, 1) : isoDateOf(year, month + 1, 1), -1);
  return addDays(last, -((weekdayOf(last) - weekday + 7) % 7));
}

/** Western (Gregorian) Easter Sunday: the anonymous Gregorian computus (Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDateOf(year, month, day);
}
