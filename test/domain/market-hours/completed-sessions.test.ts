/** lastCompletedSession and sessionsAfter: the calendar behind data freshness (issue 9, item 5). */
import { describe, expect, it } from 'vitest';
import { lastCompletedSession, sessionsAfter } from '../../../domain/market-hours/index.js';

const at = (iso: string) => lastCompletedSession(new Date(iso));

describe('lastCompletedSession', () => {
  it('is today only from the close on (16:00 New York), the previous session before it', () => {
    // Monday 2025-07-07, EDT: close 20:00Z. The Thursday before was an early close, Friday July 4 a holiday.
    expect(at('2025-07-07T19:59:59.999Z')).toBe('2025-07-03');
    expect(at('2025-07-07T20:00:00.000Z')).toBe('2025-07-07');
    expect(at('2025-07-07T14:00:00Z')).toBe('2025-07-03');
  });

  it('uses the New York date, not the UTC date, late in the evening', () => {
    expect(at('2025-07-08T02:00:00Z')).toBe('2025-07-07'); // 22:00 EDT on the 7th
    expect(at('2025-07-08T04:30:00Z')).toBe('2025-07-07'); // 00:30 EDT on the 8th, before its close
  });

  it('counts an early close as completed from 13:00', () => {
    expect(at('2025-07-03T16:59:59Z')).toBe('2025-07-02');
    expect(at('2025-07-03T17:00:00Z')).toBe('2025-07-03');
    // Day after Thanksgiving, EST: 13:00 = 18:00Z.
    expect(at('2025-11-28T17:59:00Z')).toBe('2025-11-26');
    expect(at('2025-11-28T18:00:00Z')).toBe('2025-11-28');
    // Christmas Eve 2025 (Wednesday) closes early too.
    expect(at('2025-12-24T18:30:00Z')).toBe('2025-12-24');
  });

  it('steps back over weekends, holidays and unscheduled closures', () => {
    expect(at('2025-07-04T21:00:00Z')).toBe('2025-07-03');
    expect(at('2025-07-05T12:00:00Z')).toBe('2025-07-03');
    expect(at('2025-07-06T23:00:00Z')).toBe('2025-07-03');
    expect(at('2025-01-09T22:00:00Z')).toBe('2025-01-08'); // Carter day of mourning
    expect(at('2025-01-10T10:00:00Z')).toBe('2025-01-08');
    expect(at('2026-01-01T23:00:00Z')).toBe('2025-12-31');
    expect(at('2026-04-03T21:00:00Z')).toBe('2026-04-02'); // Good Friday
  });

  it('follows the close across daylight-saving switches', () => {
    // Friday 2025-03-07 is EST (close 21:00Z); Monday 2025-03-10 is EDT (close 20:00Z).
    expect(at('2025-03-07T20:30:00Z')).toBe('2025-03-06');
    expect(at('2025-03-07T21:00:00Z')).toBe('2025-03-07');
    expect(at('2025-03-10T20:00:00Z')).toBe('2025-03-10');
    // Back to EST on 2025-11-02: Monday the 3rd closes at 21:00Z.
    expect(at('2025-11-03T20:30:00Z')).toBe('2025-10-31');
    expect(at('2025-11-03T21:00:00Z')).toBe('2025-11-03');
  });

  it('refuses an invalid instant', () => {
    expect(() => lastCompletedSession(new Date('not a date'))).toThrow(RangeError);
  });
});

describe('sessionsAfter', () => {
  it('counts the sessions strictly after the first date up to and including the second', () => {
    expect(sessionsAfter('2025-06-30', '2025-07-07')).toBe(4); // 07-01, 07-02, 07-03, 07-07
    expect(sessionsAfter('2025-07-03', '2025-07-07')).toBe(1);
    expect(sessionsAfter('2025-07-04', '2025-07-07')).toBe(1); // a holiday as the start
    expect(sessionsAfter('2024-12-31', '2025-12-31')).toBe(250); // all of 2025
  });

  it('is 0 when nothing is missing or the first date is later', () => {
    expect(sessionsAfter('2025-07-07', '2025-07-07')).toBe(0);
    expect(sessionsAfter('2025-07-03', '2025-07-06')).toBe(0);
    expect(sessionsAfter('2025-07-08', '2025-07-07')).toBe(0);
  });

  it('refuses malformed dates', () => {
    expect(() => sessionsAfter('2025-02-30', '2025-07-07')).toThrow(RangeError);
    expect(() => sessionsAfter('2025-06-30', '2025-7-7')).toThrow(RangeError);
  });
});
