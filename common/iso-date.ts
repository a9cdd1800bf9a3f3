/**
 * ISO calendar dates `YYYY-MM-DD`: the one validator (a zod schema, so 2025-02-30 and
 * 2025-1-2 are refused) and the day arithmetic everything else uses. Plain `Date.UTC`
 * arithmetic, no clock and no time zone: safe in Temporal's workflow sandbox.
 */
import { z } from 'zod';

const DAY_MS = 86_400_000;

/**
 * A real calendar day written `YYYY-MM-DD`; the schema for every boundary (config, API, CLI,
 * history). The Gregorian calendar has no year 0000, so it is refused too.
 */
export const IsoDate = z.iso.date().refine((value) => !value.startsWith('0000-'), { error: 'there is no year 0000' });

/** True for a real calendar day written `YYYY-MM-DD`. */
export function isIsoDate(value: unknown): value is string {
  return IsoDate.safeParse(value).success;
}

/** Returns `value` when it is a real `YYYY-MM-DD` day; otherwise throws a RangeError naming it. */
export function parseIsoDate(value: string): string {
  if (!isIsoDate(value)) throw new RangeError(`${JSON.stringify(value)} is not a calendar date; expected "YYYY-MM-DD"`);
  return value;
}

/** Milliseconds since the epoch at 00:00 UTC of an ISO date. */
export function isoDateToUtcMs(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

/** The UTC calendar date of an epoch-milliseconds instant. */
export function utcMsToIsoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The date `days` calendar days after `date` (before, when negative). */
export function addDays(date: string, days: number): string {
  return utcMsToIsoDate(isoDateToUtcMs(date) + days * DAY_MS);
}

/** Day of the week of an ISO date: 0 = Sunday … 6 = Saturday (the `Date#getUTCDay` convention). */
export function weekdayOf(date: string): number {
  return new Date(isoDateToUtcMs(date)).getUTCDay();
}

export function isWeekend(date: string): boolean {
  const d = weekdayOf(date);
  return d === 0 || d === 6;
}
