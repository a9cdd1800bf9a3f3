import { SCHEDULE_KEYS, SCHEDULED_WORKFLOWS, type ScheduleName, type SchedulesConfig } from './catalog.js';

/**
 * A configured time that a daylight-saving change makes misbehave. Temporal matches calendar
 * times literally in the zone: a time inside a spring-forward gap does not fire that day, and a
 * time inside a fall-back hour fires twice. (With the defaults in America/New_York, weekly
 * training at Sunday 02:00 is skipped every March, and monthly 01:00 fires twice on 1 Nov 2026.)
 */
export interface DstHazard {
  schedule: ScheduleName;
  /** The local date of the affected run, YYYY-MM-DD in the schedule's zone. */
  localDate: string;
  time: string;
  kind: 'skipped' | 'repeated';
  message: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEKDAYS = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'] as const;

/** Hazards of the configured schedules for `days` days from `from` (pure; uses Intl's zone data). */
export function findDstHazards(config: SchedulesConfig, options: { from?: Date; days?: number } = {}): DstHazard[] {
  const from = Math.floor((options.from ?? new Date()).getTime() / MINUTE) * MINUTE;
  const hazards: DstHazard[] = [];
  for (const t of offsetTransitions(config.timeZone, from, from + (options.days ?? 366) * DAY)) {
    const kind = t.after > t.before ? 'skipped' : 'repeated';
    // The affected wall-clock window, as "local time read as UTC" milliseconds.
    const start = t.at + Math.min(t.before, t.after) * MINUTE;
    const end = t.at + Math.max(t.before, t.after) * MINUTE;
    for (const key of SCHEDULE_KEYS) {
      const spec = config[key];
      const dates = new Set([isoDate(start), isoDate(end - 1)]);
      for (const date of dates) {
        // `date` is an ISO date and each time a validated "HH:MM": every part is present.
        const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
        const weekday = WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]!; // getUTCDay is 0–6
        if (spec.daysOfWeek?.length && !spec.daysOfWeek.includes(weekday)) continue;
        if (spec.daysOfMonth?.length && !spec.daysOfMonth.includes(d)) continue;
        for (const time of spec.times) {
          const [hh = 0, mm = 0] = time.split(':').map(Number);
          const wall = Date.UTC(y, m - 1, d, hh, mm);
          if (wall < start || wall >= end) continue;
          const name = SCHEDULED_WORKFLOWS[key].name;
          hazards.push({
            schedule: name,
            localDate: date,
            time,
            kind,
            message: kind === 'skipped'
              ? `${name}: ${time} does not exist on ${date} in ${config.timeZone} (clocks go forward), so that run will not happen; choose a time outside ${hhmm(start)}–${hhmm(end)}`
              : `${name}: ${time} happens twice on ${date} in ${config.timeZone} (clocks go back), so the schedule fires twice unless the first run is still going; choose a time outside ${hhmm(start)}–${hhmm(end)}`,
          });
        }
      }
    }
  }
  return hazards;
}

interface Transition {
  /** First instant (ms) with the new offset. */
  at: number;
  /** UTC offsets in minutes before and after. */
  before: number;
  after: number;
}

function offsetTransitions(timeZone: string, from: number, to: number): Transition[] {
  const offset = offsetFn(timeZone);
  const found: Transition[] = [];
  let previous = offset(from);
  for (let t = from + HOUR; t <= to; t += HOUR) {
    const current = offset(t);
    if (current === previous) continue;
    // Narrow (t - 1h, t] to the first minute with the new offset.
    let lo = t - HOUR;
    let hi = t;
    while (hi - lo > MINUTE) {
      const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
      if (offset(mid) === previous) lo = mid;
      else hi = mid;
    }
    found.push({ at: hi, before: previous, after: current });
    previous = current;
  }
  return found;
}

function offsetFn(timeZone: string): (instant: number) => number {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
  });
  return (instant) => {
    const p = Object.fromEntries(format.formatToParts(instant).map((x) => [x.type, x.value]));
    const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute));
    return Math.round((wall - instant) / MINUTE);
  };
}

const isoDate = (wall: number) => new Date(wall).toISOString().slice(0, 10);
const hhmm = (wall: number) => new Date(wall).toISOString().slice(11, 16);
