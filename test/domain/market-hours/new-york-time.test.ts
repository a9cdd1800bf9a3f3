import { describe, expect, it } from 'vitest';
import { fromNewYorkWallTime, newYorkDateOf, newYorkOffsetMinutes, newYorkWallClock } from '../../../domain/market-hours/new-york-time.js';

const HOUR = 3_600_000;

/**
 * Daylight-time switches under the US rules, written out by hand (02:00 local: 07:00 UTC in
 * spring, 06:00 UTC in autumn): 1987–2006 first Sunday of April to last Sunday of October,
 * since 2007 second Sunday of March to first Sunday of November.
 */
const SWITCHES: Record<number, [string, string]> = {
  1995: ['1995-04-02T07:00:00Z', '1995-10-29T06:00:00Z'],
  2006: ['2006-04-02T07:00:00Z', '2006-10-29T06:00:00Z'],
  2007: ['2007-03-11T07:00:00Z', '2007-11-04T06:00:00Z'],
  2020: ['2020-03-08T07:00:00Z', '2020-11-01T06:00:00Z'],
  2025: ['2025-03-09T07:00:00Z', '2025-11-02T06:00:00Z'],
  2026: ['2026-03-08T07:00:00Z', '2026-11-01T06:00:00Z'],
  2035: ['2035-03-11T07:00:00Z', '2035-11-04T06:00:00Z'],
};

function wall(instant: Date): string {
  const c = newYorkWallClock(instant);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${c.date} ${two(c.hour)}:${two(c.minute)}:${two(c.second)}.${String(c.millisecond).padStart(3, '0')}`;
}

describe('America/New_York wall time', () => {
  it('is UTC−4 exactly between the US switches and UTC−5 otherwise (every 7 hours, so every hour of the day is met)', () => {
    const wrong: string[] = [];
    for (const [year, [start, end]] of Object.entries(SWITCHES)) {
      const [s, e] = [Date.parse(start), Date.parse(end)];
      for (let t = Date.UTC(Number(year), 0, 1); t < Date.UTC(Number(year) + 1, 0, 1); t += 7 * HOUR) {
        const expected = t >= s && t < e ? -240 : -300;
        if (newYorkOffsetMinutes(new Date(t)) !== expected) wrong.push(new Date(t).toISOString());
      }
      if (newYorkOffsetMinutes(new Date(s - 1)) !== -300 || newYorkOffsetMinutes(new Date(e - 1)) !== -240) wrong.push(`${year} edges`);
    }
    expect(wrong).toEqual([]);
  });

  it('shows the wall clock down to the millisecond, also before 1970', () => {
    expect(wall(new Date('2026-01-14T14:30:05.123Z'))).toBe('2026-01-14 09:30:05.123');
    expect(wall(new Date('2026-07-14T04:00:00.000Z'))).toBe('2026-07-14 00:00:00.000');
    expect(wall(new Date('1969-12-31T23:59:59.999Z'))).toBe('1969-12-31 18:59:59.999');
    expect(newYorkWallClock(new Date('2026-07-14T04:00:00Z')).offsetMinutes).toBe(-240);
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
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += HOUR) {
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
