/**
 * America/New_York wall time from US daylight-saving rules, without Intl or the host's time
 * zone database — so it behaves identically in Node and in Temporal's workflow sandbox.
 * Tests check it against `Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York' })`.
 *
 * Rules (Energy Policy Act of 2005, in force since 2007): daylight time from the second
 * Sunday of March at 02:00 EST (07:00 UTC) to the first Sunday of November at 02:00 EDT
 * (06:00 UTC). 1987–2006: first Sunday of April to the last Sunday of October. Before 1987
 * the 1967 rule (last Sunday of April) is used, ignoring the 1974–75 energy-crisis years.
 */
import {
  civilFromDayNumber, dayNumber, formatIsoDate, lastWeekdayOfMonth, nthWeekdayOfMonth, parseIsoDate,
  SUNDAY, type CivilDate,
} from './civil-date.js';

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
/** Eastern Standard Time, UTC−5. */
const EST_OFFSET_MINUTES = -300;
/** Eastern Daylight Time, UTC−4. */
const EDT_OFFSET_MINUTES = -240;

export interface NewYorkWallClock {
  /** ISO calendar date in New York. */
  date: string;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** Offset from UTC in minutes: −300 (EST) or −240 (EDT). */
  offsetMinutes: number;
}

/** The UTC instants (ms) at which daylight time starts and ends in a year. */
export function daylightSavingBounds(year: number): { start: number; end: number } {
  let start: CivilDate;
  let end: CivilDate;
  if (year >= 2007) {
    start = nthWeekdayOfMonth(year, 3, SUNDAY, 2);
    end = nthWeekdayOfMonth(year, 11, SUNDAY, 1);
  } else if (year >= 1987) {
    start = nthWeekdayOfMonth(year, 4, SUNDAY, 1);
    end = lastWeekdayOfMonth(year, 10, SUNDAY);
  } else {
    start = lastWeekdayOfMonth(year, 4, SUNDAY);
    end = lastWeekdayOfMonth(year, 10, SUNDAY);
  }
  // Both switches happen at 02:00 local time: 02:00 EST = 07:00 UTC, 02:00 EDT = 06:00 UTC.
  return {
    start: dayNumber(start) * MS_PER_DAY + 7 * 60 * MS_PER_MINUTE,
    end: dayNumber(end) * MS_PER_DAY + 6 * 60 * MS_PER_MINUTE,
  };
}

/** New York's offset from UTC at an instant, in minutes (−300 or −240). */
export function newYorkOffsetMinutes(instant: Date): number {
  const t = instantMs(instant);
  // The UTC year is the right one to look up: no switch happens near New Year.
  const { start, end } = daylightSavingBounds(civilFromDayNumber(Math.floor(t / MS_PER_DAY)).year);
  return t >= start && t < end ? EDT_OFFSET_MINUTES : EST_OFFSET_MINUTES;
}

/** The wall clock in New York at an instant. */
export function newYorkWallClock(instant: Date): NewYorkWallClock {
  const offsetMinutes = newYorkOffsetMinutes(instant);
  const local = instantMs(instant) + offsetMinutes * MS_PER_MINUTE;
  const days = Math.floor(local / MS_PER_DAY);
  const msOfDay = local - days * MS_PER_DAY;
  return {
    date: formatIsoDate(civilFromDayNumber(days)),
    hour: Math.floor(msOfDay / 3_600_000),
    minute: Math.floor(msOfDay / MS_PER_MINUTE) % 60,
    second: Math.floor(msOfDay / 1000) % 60,
    millisecond: msOfDay % 1000,
    offsetMinutes,
  };
}

/** The New York calendar date (ISO) of an instant — the exchange's "today". */
export function newYorkDateOf(instant: Date): string {
  return newYorkWallClock(instant).date;
}

/**
 * The instant at which New York's wall clock shows `hour:minute` on `isoDate`.
 * Times that occur twice (01:00–01:59 on the November switch) resolve to the earlier,
 * daylight-time instant; times skipped in March (02:00–02:59) are read as standard time,
 * i.e. one hour later on the wall clock — the "compatible" rule of Temporal (TC39) and
 * RFC 5545. Exchange sessions never touch either case.
 */
export function fromNewYorkWallTime(isoDate: string, hour: number, minute = 0): Date {
  if (!Number.isInteger(hour) || hour < 0 || hour > 23 || !Number.isInteger(minute) || minute < 0 || minute > 59) {
    throw new RangeError(`${hour}:${minute} is not a wall-clock time; expected hour 0–23 and minute 0–59`);
  }
  const local = dayNumber(parseIsoDate(isoDate)) * MS_PER_DAY + (hour * 60 + minute) * MS_PER_MINUTE;
  for (const offset of [EDT_OFFSET_MINUTES, EST_OFFSET_MINUTES]) {
    const candidate = new Date(local - offset * MS_PER_MINUTE);
    if (newYorkOffsetMinutes(candidate) === offset) return candidate;
  }
  return new Date(local - EST_OFFSET_MINUTES * MS_PER_MINUTE);
}

function instantMs(instant: Date): number {
  const t = instant.getTime();
  if (!Number.isFinite(t)) throw new RangeError('invalid Date (NaN time value)');
  return t;
}
