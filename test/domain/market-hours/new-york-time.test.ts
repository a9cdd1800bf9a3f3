import { describe, expect, it } from 'vitest';
import {
  daylightSavingBounds, fromNewYorkWallTime, newYorkDateOf, newYorkOffsetMinutes, newYorkWallClock,
} from '../../../domain/market-hours/new-york-time.js';

const intl = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York', hourCycle: 'h23',
  year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
});

/** What the host's time-zone database says New York's wall clock shows. */
function intlWallClock(instant: Date): string {
  const p = Object.fromEntries(intl.formatToParts(instant).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

function ours(instant: Date): string {
  const c = newYorkWallClock(instant);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${c.date} ${two(c.hour)}:${two(c.minute)}:${two(c.second)}`;
}

const HOUR = 3_600_000;

describe('America/New_York from our own DST rules', () => {
  it('matches Intl every hour from 1988 to 2040', () => {
    const mismatches: string[] = [];
    for (let t = Date.UTC(1988, 0, 1); t < Date.UTC(2040, 0, 1); t += HOUR) {
      const instant = new Date(t);
      if (ours(instant) !== intlWallClock(instant)) mismatches.push(`${instant.toISOString()}: ${ours(instant)} vs ${intlWallClock(instant)}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('matches Intl every minute for three hours either side of each switch, 2000–2035', () => {
    const mismatches: string[] = [];
    for (let year = 2000; year <= 2035; year++) {
      for (const edge of Object.values(daylightSavingBounds(year))) {
        for (let t = edge - 3 * HOUR; t <= edge + 3 * HOUR; t += 60_000) {
          const instant = new Date(t);
          if (ours(instant) !== intlWallClock(instant)) mismatches.push(instant.toISOString());
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('switches at 02:00 local on 2026-03-08 and 2026-11-01', () => {
    expect(newYorkOffsetMinutes(new Date('2026-03-08T06:59:59.999Z'))).toBe(-300);
    expect(newYorkOffsetMinutes(new Date('2026-03-08T07:00:00Z'))).toBe(-240);
    expect(newYorkOffsetMinutes(new Date('2026-11-01T05:59:59.999Z'))).toBe(-240);
    expect(newYorkOffsetMinutes(new Date('2026-11-01T06:00:00Z'))).toBe(-300);
  });

  it('gives the New York date, which differs from the UTC date in the evening', () => {
    expect(newYorkDateOf(new Date('2026-01-15T03:00:00Z'))).toBe('2026-01-14');
    expect(newYorkDateOf(new Date('2026-01-15T05:00:00Z'))).toBe('2026-01-15');
    expect(newYorkDateOf(new Date('2026-07-15T03:59:59Z'))).toBe('2026-07-14');
    expect(newYorkDateOf(new Date('2026-07-15T04:00:00Z'))).toBe('2026-07-15');
  });

  it('turns New York wall times into instants, inverting newYorkWallClock', () => {
    expect(fromNewYorkWallTime('2026-01-14', 9, 30).toISOString()).toBe('2026-01-14T14:30:00.000Z');
    expect(fromNewYorkWallTime('2026-07-14', 9, 30).toISOString()).toBe('2026-07-14T13:30:00.000Z');
    for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2027, 0, 1); t += HOUR) {
      const c = newYorkWallClock(new Date(t));
      const back = fromNewYorkWallTime(c.date, c.hour, c.minute).getTime();
      // The repeated hour in November maps back to its first (daylight-time) occurrence.
      if (back !== t && back !== t - HOUR) throw new Error(`round trip failed at ${new Date(t).toISOString()}`);
    }
  });

  it('resolves the skipped and the repeated hour like the "compatible" disambiguation', () => {
    // 02:30 does not exist on 2026-03-08: read as 02:30 EST = 03:30 EDT.
    expect(fromNewYorkWallTime('2026-03-08', 2, 30).toISOString()).toBe('2026-03-08T07:30:00.000Z');
    // 01:30 happens twice on 2026-11-01: the earlier (EDT) one.
    expect(fromNewYorkWallTime('2026-11-01', 1, 30).toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });

  it('refuses invalid input with a RangeError', () => {
    expect(() => newYorkWallClock(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => fromNewYorkWallTime('2026-01-14', 24, 0)).toThrow(RangeError);
    expect(() => fromNewYorkWallTime('2026-01-14', 9, 60)).toThrow(RangeError);
    expect(() => fromNewYorkWallTime('2026-1-14', 9, 30)).toThrow(RangeError);
  });
});
