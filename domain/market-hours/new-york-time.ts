/**
 * America/New_York wall time from `Intl.DateTimeFormat` (the ICU time-zone database that ships
 * inside V8, so Node and Temporal's workflow sandbox agree). Always the explicit zone, never the
 * host's: the answer depends only on the instant asked about.
 */
import { isoDateToUtcMs, parseIsoDate, utcMsToIsoDate } from '../../common/iso-date.js';

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

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

const newYork = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York', hourCycle: 'h23',
  year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
});

/**
 * Offsets by UTC hour: New York's offset changes only on whole UTC hours (07:00Z / 06:00Z),
 * so one `formatToParts` per hour asked about is enough. Bounded; cleared when full.
 */
const offsetByHour = new Map<number, number>();
const MAX_CACHED_HOURS = 50_000;

/** New York's offset from UTC at an instant, in minutes (−300 or −240). */
export function newYorkOffsetMinutes(instant: Date): number {
  const hourStart = Math.floor(instantMs(instant) / MS_PER_HOUR) * MS_PER_HOUR;
  let offset = offsetByHour.get(hourStart);
  if (offset === undefined) {
    const parts: Record<string, string> = {};
    for (const { type, value } of newYork.formatToParts(new Date(hourStart))) parts[type] = value;
    const wallMs = isoDateToUtcMs(`${parts.year}-${parts.month}-${parts.day}`) + ((Number(parts.hour) * 60 + Number(parts.minute)) * 60 + Number(parts.second)) * 1000;
    offset = Math.round((wallMs - hourStart) / MS_PER_MINUTE);
    if (offsetByHour.size >= MAX_CACHED_HOURS) offsetByHour.clear();
    offsetByHour.set(hourStart, offset);
  }
  return offset;
}

/** The wall clock in New York at an instant. */
export function newYorkWallClock(instant: Date): NewYorkWallClock {
  const offsetMinutes = newYorkOffsetMinutes(instant);
  const local = instantMs(instant) + offsetMinutes * MS_PER_MINUTE;
  const msOfDay = ((local % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY;
  return {
    date: utcMsToIsoDate(local - msOfDay),
    hour: Math.floor(msOfDay / MS_PER_HOUR),
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
 * daylight-time instant; times skipped in March (02:00–02:59) are read with the offset in
 * force before the switch, i.e. one hour later on the wall clock — the "compatible" rule of
 * Temporal (TC39) and RFC 5545. Exchange sessions never touch either case.
 */
export function fromNewYorkWallTime(isoDate: string, hour: number, minute = 0): Date {
  if (!Number.isInteger(hour) || hour < 0 || hour > 23 || !Number.isInteger(minute) || minute < 0 || minute > 59) {
    throw new RangeError(`${hour}:${minute} is not a wall-clock time; expected hour 0–23 and minute 0–59`);
  }
  const wall = isoDateToUtcMs(parseIsoDate(isoDate)) + (hour * 60 + minute) * MS_PER_MINUTE;
  // The offsets in force a day either side bracket any switch near this wall time.
  const before = newYorkOffsetMinutes(new Date(wall - MS_PER_DAY));
  const after = newYorkOffsetMinutes(new Date(wall + MS_PER_DAY));
  // The larger offset gives the earlier instant: try it first so a repeated time resolves early.
  for (const offset of [Math.max(before, after), Math.min(before, after)]) {
    const candidate = new Date(wall - offset * MS_PER_MINUTE);
    if (newYorkOffsetMinutes(candidate) === offset) return candidate;
  }
  return new Date(wall - before * MS_PER_MINUTE);
}

function instantMs(instant: Date): number {
  const t = instant.getTime();
  if (!Number.isFinite(t)) throw new RangeError('invalid Date (NaN time value)');
  return t;
}
