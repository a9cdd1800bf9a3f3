/**
 * The dashboard's formatting (apps/api/dashboard/format.js, the module the page imports):
 * a value past its threshold never prints equal to it, and the history charts' time axis puts
 * same-day points on hours, not on one repeated date.
 */
import { describe, expect, it } from 'vitest';
import { percentAgainst, roundAgainstThreshold, timeTicks } from '../../../apps/api/dashboard/format.js';

describe('percentAgainst / roundAgainstThreshold', () => {
  it('prints a value just below a minimum below it, never equal (59.96% vs ≥ 60.0%)', () => {
    expect(percentAgainst(0.5996, 0.6, 'min')).toBe('59.9%');
    expect(percentAgainst(0.59999, 0.6, 'min')).toBe('59.9%');
    expect(percentAgainst(0.4996, 0.5, 'min', 2)).toBe('49.96%');
    expect(percentAgainst(0.49996, 0.5, 'min', 2)).toBe('49.99%');
  });

  it('prints a value just above a maximum above it (5.004% vs ≤ 5.00%)', () => {
    expect(percentAgainst(0.05004, 0.05, 'max', 2)).toBe('5.01%');
    expect(percentAgainst(0.050001, 0.05, 'max', 1)).toBe('5.1%');
  });

  it('rounds plainly when the value passes, when rounding already shows the failure, and without a threshold', () => {
    expect(percentAgainst(0.6, 0.6, 'min')).toBe('60.0%');
    expect(percentAgainst(0.60004, 0.6, 'min')).toBe('60.0%');
    expect(percentAgainst(0.5957, 0.6, 'min')).toBe('59.6%');
    expect(percentAgainst(0.04996, 0.05, 'max', 2)).toBe('5.00%');
    expect(percentAgainst(0.5996, null, 'min')).toBe('60.0%');
    expect(percentAgainst(null, 0.6, 'min')).toBe('—');
    expect(roundAgainstThreshold(0.123456, undefined, 'max', 3)).toBe(12.346);
  });

  it('keeps every failing value on the failing side of the printed threshold over a sweep', () => {
    for (let i = 0; i < 2000; i++) {
      const threshold = 0.4 + (i % 37) / 100;
      const value = threshold - (i + 1) * 1e-6;
      const shown = Number(percentAgainst(value, threshold, 'min').replace('%', ''));
      expect(shown, `${value} vs ${threshold}`).toBeLessThan(Number((threshold * 100).toFixed(1)));
      const above = threshold + (i + 1) * 1e-6;
      expect(Number(percentAgainst(above, threshold, 'max').replace('%', ''))).toBeGreaterThan(Number((threshold * 100).toFixed(1)));
    }
  });
});

describe('timeTicks', () => {
  const at = (iso: string) => Date.parse(iso);
  it('labels same-day points by the hour and minute, each tick a distinct round instant inside the range', () => {
    const ticks = timeTicks(at('2026-11-30T09:12:00Z'), at('2026-11-30T16:40:00Z'), 5);
    expect(ticks.map((t) => t.label)).toEqual(['12:00', '15:00']);
    expect(ticks.map((t) => t.x)).toEqual([at('2026-11-30T12:00:00Z'), at('2026-11-30T15:00:00Z')]);
    const minutes = timeTicks(at('2026-11-30T09:00:30Z'), at('2026-11-30T09:03:10Z'), 5);
    expect(minutes.map((t) => t.label)).toEqual(['09:01', '09:02', '09:03']);
  });

  it('adds the day when hours span two days, and uses dates for long spans', () => {
    expect(timeTicks(at('2026-11-29T20:00:00Z'), at('2026-11-30T10:00:00Z'), 4).map((t) => t.label)).toEqual(['11-30 00:00', '11-30 06:00']);
    const days = timeTicks(at('2025-01-01T00:00:00Z'), at('2025-06-30T00:00:00Z'), 5);
    expect(days.length).toBeGreaterThan(1);
    expect(days.length).toBeLessThanOrEqual(5);
    for (const t of days) expect(t.label).toMatch(/^2025-\d\d-\d\d$/);
  });

  it('gives one labelled tick for a single instant', () => {
    expect(timeTicks(at('2026-11-30T09:00:00Z'), at('2026-11-30T09:00:00Z'))).toEqual([{ x: at('2026-11-30T09:00:00Z'), label: '2026-11-30 09:00' }]);
  });
});
