/** Small helpers for ISO `YYYY-MM-DD` calendar dates (UTC arithmetic, no time of day). */

import { type DateRange } from './price-source.js';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** True for a real calendar date written as `YYYY-MM-DD` (rejects 2021-02-30). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** Milliseconds since the epoch at 00:00 UTC of an ISO date. */
export function isoDateToUtcMs(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

export function utcMsToIsoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return utcMsToIsoDate(isoDateToUtcMs(date) + days * DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  return new Date(isoDateToUtcMs(date)).getUTCDay();
}

export function isWeekend(date: string): boolean {
  const d = weekday(date);
  return d === 0 || d === 6;
}

/** The calendar date of an instant in an IANA time zone, e.g. an exchange's local session date. */
export function dateInTimeZone(instant: Date, timeZone: string): string {
  return formatterFor(timeZone).format(instant);
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // en-CA formats as YYYY-MM-DD.
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Throws a RangeError naming the bad bound; callers pass user input through this. */
export function assertRange(range: DateRange | undefined): void {
  for (const key of ['from', 'to'] as const) {
    const v = range?.[key];
    if (v !== undefined && !isIsoDate(v)) {
      throw new RangeError(`range.${key} = ${JSON.stringify(v)} is not a YYYY-MM-DD date`);
    }
  }
}

export function inRange(date: string, range: DateRange | undefined): boolean {
  if (!range) return true;
  if (range.from !== undefined && date < range.from) return false;
  if (range.to !== undefined && date > range.to) return false;
  return true;
}

export function filterRange<T extends { date: string }>(bars: T[], range: DateRange | undefined): T[] {
  if (!range || (range.from === undefined && range.to === undefined)) return bars;
  return bars.filter((b) => inRange(b.date, range));
}
