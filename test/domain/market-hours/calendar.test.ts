import { describe, expect, it } from 'vitest';
import {
  holidayName, isMarketOpen, isTradingDay, msUntilMarketCloses, nextSessionClose, nextSessionOpen, nextTradingDay,
  previousTradingDay, sessionAt, sessionFor, tradingDaysBetween,
} from '../../../domain/market-hours/index.js';

/** NYSE's published holiday calendars (weekday closures), with the names we give them. */
const HOLIDAYS: Record<number, Record<string, string>> = {
  2024: {
    '2024-01-01': "New Year's Day",
    '2024-01-15': 'Martin Luther King Jr. Day',
    '2024-02-19': "Washington's Birthday",
    '2024-03-29': 'Good Friday',
    '2024-05-27': 'Memorial Day',
    '2024-06-19': 'Juneteenth National Independence Day',
    '2024-07-04': 'Independence Day',
    '2024-09-02': 'Labor Day',
    '2024-11-28': 'Thanksgiving Day',
    '2024-12-25': 'Christmas Day',
  },
  2025: {
    '2025-01-01': "New Year's Day",
    '2025-01-09': 'National Day of Mourning for Jimmy Carter',
    '2025-01-20': 'Martin Luther King Jr. Day',
    '2025-02-17': "Washington's Birthday",
    '2025-04-18': 'Good Friday',
    '2025-05-26': 'Memorial Day',
    '2025-06-19': 'Juneteenth National Independence Day',
    '2025-07-04': 'Independence Day',
    '2025-09-01': 'Labor Day',
    '2025-11-27': 'Thanksgiving Day',
    '2025-12-25': 'Christmas Day',
  },
  2026: {
    '2026-01-01': "New Year's Day",
    '2026-01-19': 'Martin Luther King Jr. Day',
    '2026-02-16': "Washington's Birthday",
    '2026-04-03': 'Good Friday',
    '2026-05-25': 'Memorial Day',
    '2026-06-19': 'Juneteenth National Independence Day',
    '2026-07-03': 'Independence Day (observed)',
    '2026-09-07': 'Labor Day',
    '2026-11-26': 'Thanksgiving Day',
    '2026-12-25': 'Christmas Day',
  },
  // Beyond the published years, but every rule in play: Saturday Juneteenth and Christmas
  // move to Friday, Sunday July 4 to Monday; Saturday New Year 2028 does not close Dec 31.
  2027: {
    '2027-01-01': "New Year's Day",
    '2027-01-18': 'Martin Luther King Jr. Day',
    '2027-02-15': "Washington's Birthday",
    '2027-03-26': 'Good Friday',
    '2027-05-31': 'Memorial Day',
    '2027-06-18': 'Juneteenth National Independence Day (observed)',
    '2027-07-05': 'Independence Day (observed)',
    '2027-09-06': 'Labor Day',
    '2027-11-25': 'Thanksgiving Day',
    '2027-12-24': 'Christmas Day (observed)',
  },
};

/** 13:00 closes. */
const EARLY_CLOSES: Record<number, Record<string, string>> = {
  2024: { '2024-07-03': 'Independence Day eve', '2024-11-29': 'Day after Thanksgiving', '2024-12-24': 'Christmas Eve' },
  2025: { '2025-07-03': 'Independence Day eve', '2025-11-28': 'Day after Thanksgiving', '2025-12-24': 'Christmas Eve' },
  // July 3 2026 is the observed holiday, so Thursday July 2 is a full day.
  2026: { '2026-11-27': 'Day after Thanksgiving', '2026-12-24': 'Christmas Eve' },
  2027: { '2027-11-26': 'Day after Thanksgiving' },
};

function weekdaysOf(year: number): string[] {
  const days: string[] = [];
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
    const d = new Date(t);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) days.push(d.toISOString().slice(0, 10));
  }
  return days;
}

describe('NYSE holidays and early closes', () => {
  for (const year of [2024, 2025, 2026, 2027]) {
    it(`closes on exactly the ${year} holidays, with their names`, () => {
      const closed = weekdaysOf(year).filter((d) => !isTradingDay(d));
      expect(closed).toEqual(Object.keys(HOLIDAYS[year]!));
      for (const [date, name] of Object.entries(HOLIDAYS[year]!)) {
        expect(holidayName(date)).toBe(name);
        expect(sessionFor(date)).toBeNull();
      }
    });

    it(`closes early at 13:00 on exactly the ${year} early-close days`, () => {
      const early = weekdaysOf(year).filter((d) => sessionFor(d)?.earlyClose);
      expect(early).toEqual(Object.keys(EARLY_CLOSES[year]!));
      for (const [date, reason] of Object.entries(EARLY_CLOSES[year]!)) {
        const session = sessionFor(date);
        expect(session?.earlyCloseReason).toBe(reason);
        expect(holidayName(date)).toBeNull();
      }
    });
  }

  it('counts the sessions of each year', () => {
    expect(tradingDaysBetween('2024-01-01', '2024-12-31')).toHaveLength(252);
    expect(tradingDaysBetween('2025-01-01', '2025-12-31')).toHaveLength(250);
    expect(tradingDaysBetween('2026-01-01', '2026-12-31')).toHaveLength(251);
  });

  it('does not close Friday December 31 for a Saturday New Year (Rule 7.2)', () => {
    expect(isTradingDay('2021-12-31')).toBe(true);
    expect(isTradingDay('2027-12-31')).toBe(true);
    expect(sessionFor('2027-12-31')?.earlyClose).toBe(false);
    expect(holidayName('2022-01-01')).toBeNull();
  });

  it('moves a Sunday New Year to Monday', () => {
    expect(holidayName('2023-01-02')).toBe("New Year's Day (observed)");
    expect(holidayName('2017-01-02')).toBe("New Year's Day (observed)");
  });

  it('observes Juneteenth only from 2022', () => {
    expect(isTradingDay('2021-06-18')).toBe(true);
    expect(holidayName('2022-06-20')).toBe('Juneteenth National Independence Day (observed)');
  });

  it('knows the unscheduled closures since 2012', () => {
    expect(holidayName('2012-10-29')).toBe('Hurricane Sandy');
    expect(holidayName('2012-10-30')).toBe('Hurricane Sandy');
    expect(holidayName('2018-12-05')).toBe('National Day of Mourning for George H. W. Bush');
    expect(holidayName('2025-01-09')).toBe('National Day of Mourning for Jimmy Carter');
  });

  it('treats weekends as closed but not as holidays', () => {
    for (const date of ['2025-06-28', '2025-06-29', '2026-07-04', '2026-12-26']) {
      expect(isTradingDay(date)).toBe(false);
      expect(sessionFor(date)).toBeNull();
      expect(holidayName(date)).toBeNull();
    }
    expect(holidayName('2025-06-30')).toBeNull();
  });

  it('refuses malformed dates with a RangeError', () => {
    expect(() => isTradingDay('2025-02-30')).toThrow(RangeError);
    expect(() => sessionFor('June 3')).toThrow(/"June 3" is not a calendar date/);
    expect(() => tradingDaysBetween('2025-01-01', '2025-13-01')).toThrow(RangeError);
  });
});

describe('sessions across daylight-saving switches', () => {
  const utc = (iso: string) => sessionFor(iso);

  it('opens 14:30 UTC in winter and 13:30 UTC in summer around 2026-03-08', () => {
    expect(utc('2026-03-06')?.open.toISOString()).toBe('2026-03-06T14:30:00.000Z');
    expect(utc('2026-03-06')?.close.toISOString()).toBe('2026-03-06T21:00:00.000Z');
    expect(utc('2026-03-09')?.open.toISOString()).toBe('2026-03-09T13:30:00.000Z');
    expect(utc('2026-03-09')?.close.toISOString()).toBe('2026-03-09T20:00:00.000Z');
  });

  it('goes back to 14:30 UTC after 2026-11-01', () => {
    expect(utc('2026-10-30')?.open.toISOString()).toBe('2026-10-30T13:30:00.000Z');
    expect(utc('2026-10-30')?.close.toISOString()).toBe('2026-10-30T20:00:00.000Z');
    expect(utc('2026-11-02')?.open.toISOString()).toBe('2026-11-02T14:30:00.000Z');
    expect(utc('2026-11-02')?.close.toISOString()).toBe('2026-11-02T21:00:00.000Z');
  });

  it('closes early at 13:00 New York time in either season', () => {
    expect(utc('2025-07-03')?.close.toISOString()).toBe('2025-07-03T17:00:00.000Z');
    expect(utc('2025-11-28')?.close.toISOString()).toBe('2025-11-28T18:00:00.000Z');
    expect(utc('2025-12-24')).toMatchObject({ earlyClose: true, open: new Date('2025-12-24T14:30:00Z'), close: new Date('2025-12-24T18:00:00Z') });
    expect(utc('2025-12-23')).toMatchObject({ date: '2025-12-23', earlyClose: false, earlyCloseReason: null });
  });
});

describe('isMarketOpen', () => {
  const open = (iso: string) => isMarketOpen(new Date(iso));

  it('opens at 09:30:00 and closes at 16:00:00 New York time in winter (EST)', () => {
    expect(open('2026-01-14T14:29:59.999Z')).toBe(false); // 09:29:59.999
    expect(open('2026-01-14T14:30:00Z')).toBe(true); //      09:30
    expect(open('2026-01-14T20:59:00Z')).toBe(true); //      15:59
    expect(open('2026-01-14T20:59:59.999Z')).toBe(true);
    expect(open('2026-01-14T21:00:00Z')).toBe(false); //     16:00
  });

  it('opens at 09:30:00 and closes at 16:00:00 New York time in summer (EDT)', () => {
    expect(open('2026-03-10T13:29:59Z')).toBe(false);
    expect(open('2026-03-10T13:30:00Z')).toBe(true);
    expect(open('2026-03-10T19:59:00Z')).toBe(true);
    expect(open('2026-03-10T20:00:00Z')).toBe(false);
  });

  it('is closed from 13:00 on an early-close day', () => {
    expect(open('2025-11-28T17:59:59Z')).toBe(true); // 12:59:59 EST
    expect(open('2025-11-28T18:00:00Z')).toBe(false); // 13:00 EST
    expect(open('2025-07-03T16:59:59Z')).toBe(true); // 12:59:59 EDT
    expect(open('2025-07-03T17:00:00Z')).toBe(false);
  });

  it('is closed all day on holidays and weekends', () => {
    expect(open('2025-07-04T15:00:00Z')).toBe(false);
    expect(open('2025-01-09T16:00:00Z')).toBe(false);
    expect(open('2026-04-03T15:00:00Z')).toBe(false);
    expect(open('2025-06-28T15:00:00Z')).toBe(false);
  });

  it('uses the New York date, not the UTC date', () => {
    // 2026-01-15T01:00Z is 20:00 on Wednesday the 14th in New York: closed.
    expect(open('2026-01-15T01:00:00Z')).toBe(false);
    expect(sessionAt(new Date('2026-01-14T15:00:00Z'))?.date).toBe('2026-01-14');
  });
});

describe('waiting for the close', () => {
  it('counts the milliseconds left in the session, and 0 when closed', () => {
    expect(msUntilMarketCloses(new Date('2026-01-14T15:00:00Z'))).toBe(6 * 3_600_000);
    expect(msUntilMarketCloses(new Date('2026-01-14T20:59:59.250Z'))).toBe(750);
    expect(msUntilMarketCloses(new Date('2025-12-24T15:00:00Z'))).toBe(3 * 3_600_000);
    expect(msUntilMarketCloses(new Date('2026-01-14T21:00:00Z'))).toBe(0);
    expect(msUntilMarketCloses(new Date('2026-01-14T14:00:00Z'))).toBe(0);
    expect(msUntilMarketCloses(new Date('2025-07-04T15:00:00Z'))).toBe(0);
  });

  it('finds the next close: today before and during the session, the next session after it', () => {
    const close = (iso: string) => nextSessionClose(new Date(iso)).toISOString();
    expect(close('2026-01-14T12:00:00Z')).toBe('2026-01-14T21:00:00.000Z');
    expect(close('2026-01-14T15:00:00Z')).toBe('2026-01-14T21:00:00.000Z');
    expect(close('2026-01-14T21:00:00Z')).toBe('2026-01-15T21:00:00.000Z');
    // Thursday July 3 2025 after its early close → holiday Friday, weekend → Monday July 7.
    expect(close('2025-07-03T17:30:00Z')).toBe('2025-07-07T20:00:00.000Z');
    // Friday before the March switch → Monday in daylight time.
    expect(close('2026-03-06T22:00:00Z')).toBe('2026-03-09T20:00:00.000Z');
  });

  it('finds the next open', () => {
    const openAt = (iso: string) => nextSessionOpen(new Date(iso)).toISOString();
    expect(openAt('2026-01-14T12:00:00Z')).toBe('2026-01-14T14:30:00.000Z');
    expect(openAt('2026-01-14T14:30:00Z')).toBe('2026-01-14T14:30:00.000Z');
    expect(openAt('2026-01-14T14:30:00.001Z')).toBe('2026-01-15T14:30:00.000Z');
    expect(openAt('2025-12-31T22:00:00Z')).toBe('2026-01-02T14:30:00.000Z');
  });
});

describe('stepping through trading days', () => {
  it('skips weekends, holidays and unscheduled closures', () => {
    expect(nextTradingDay('2025-07-03')).toBe('2025-07-07');
    expect(nextTradingDay('2025-06-28')).toBe('2025-06-30');
    expect(nextTradingDay('2025-12-31')).toBe('2026-01-02');
    expect(nextTradingDay('2025-01-08')).toBe('2025-01-10');
    expect(previousTradingDay('2025-01-10')).toBe('2025-01-08');
    expect(previousTradingDay('2026-01-02')).toBe('2025-12-31');
    expect(previousTradingDay('2026-07-06')).toBe('2026-07-02');
    expect(nextTradingDay('2001-09-10')).toBe('2001-09-17');
  });

  it('lists trading days inclusive of both ends', () => {
    expect(tradingDaysBetween('2025-07-01', '2025-07-08')).toEqual(['2025-07-01', '2025-07-02', '2025-07-03', '2025-07-07', '2025-07-08']);
    expect(tradingDaysBetween('2025-07-04', '2025-07-06')).toEqual([]);
    expect(tradingDaysBetween('2025-07-07', '2025-07-07')).toEqual(['2025-07-07']);
    expect(tradingDaysBetween('2025-07-08', '2025-07-01')).toEqual([]);
  });
});
