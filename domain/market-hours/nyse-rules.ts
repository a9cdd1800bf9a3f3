/**
 * The NYSE holiday and early-close rules (NYSE Rule 7.2 and the exchange's published
 * calendars), computed per year, plus the unscheduled closures the rules cannot know.
 *
 * Trading days agree exactly with SPY's daily bars from 1993-01-29 to 2025-06-30 (see
 * test/domain/market-hours/spy-cross-check.test.ts). Martin Luther King Jr. Day is a holiday from
 * 1998, Juneteenth from 2022. Early-close rules are today's; before about 2010 the exchange
 * sometimes chose other half-days (e.g. Friday 2002-07-05), which are not modelled.
 */
import { addDays, weekdayOf } from '../../common/iso-date.js';
import { easterSunday, isoDateOf, lastWeekdayOfMonth, nthWeekdayOfMonth, MONDAY, SATURDAY, SUNDAY, THURSDAY } from './holiday-dates.js';

export type ExchangeDay =
  | { kind: 'closed'; name: string }
  | { kind: 'early-close'; name: string; closeHour: number };

/** Early closes end the session at 13:00 New York time. */
export const EARLY_CLOSE_HOUR = 13;

/**
 * Closures declared at short notice (national days of mourning, emergencies) since 1993.
 * Add new ones here as the exchange announces them.
 */
export const SPECIAL_CLOSURES: Readonly<Record<string, string>> = {
  '1994-04-27': 'National Day of Mourning for Richard Nixon',
  '2001-09-11': 'September 11 attacks',
  '2001-09-12': 'September 11 attacks',
  '2001-09-13': 'September 11 attacks',
  '2001-09-14': 'September 11 attacks',
  '2004-06-11': 'National Day of Mourning for Ronald Reagan',
  '2007-01-02': 'National Day of Mourning for Gerald Ford',
  '2012-10-29': 'Hurricane Sandy',
  '2012-10-30': 'Hurricane Sandy',
  '2018-12-05': 'National Day of Mourning for George H. W. Bush',
  '2025-01-09': 'National Day of Mourning for Jimmy Carter',
};

const cache = new Map<number, ReadonlyMap<string, ExchangeDay>>();

/** Every weekday of `year` on which the exchange is closed or closes early, by ISO date. */
export function exchangeDaysOf(year: number): ReadonlyMap<string, ExchangeDay> {
  let days = cache.get(year);
  if (!days) {
    days = buildYear(year);
    cache.set(year, days);
  }
  return days;
}

function buildYear(year: number): Map<string, ExchangeDay> {
  const days = new Map<string, ExchangeDay>();
  const closed = (date: string, name: string) => days.set(date, { kind: 'closed', name });
  const observed = (date: string, name: string) => {
    const wd = weekdayOf(date);
    if (wd === SATURDAY) closed(addDays(date, -1), `${name} (observed)`);
    else if (wd === SUNDAY) closed(addDays(date, 1), `${name} (observed)`);
    else closed(date, name);
  };
  const early = (date: string, name: string) => {
    const wd = weekdayOf(date);
    if (wd !== SATURDAY && wd !== SUNDAY && !days.has(date)) {
      days.set(date, { kind: 'early-close', name, closeHour: EARLY_CLOSE_HOUR });
    }
  };

  // New Year's Day: a Sunday moves to Monday, but a Saturday is NOT moved back to Friday
  // December 31 — Rule 7.2's exception for the end of the yearly accounting period.
  const newYear = isoDateOf(year, 1, 1);
  if (weekdayOf(newYear) === SUNDAY) closed(addDays(newYear, 1), "New Year's Day (observed)");
  else if (weekdayOf(newYear) !== SATURDAY) closed(newYear, "New Year's Day");

  if (year >= 1998) closed(nthWeekdayOfMonth(year, 1, MONDAY, 3), 'Martin Luther King Jr. Day');
  closed(nthWeekdayOfMonth(year, 2, MONDAY, 3), "Washington's Birthday");
  closed(addDays(easterSunday(year), -2), 'Good Friday');
  closed(lastWeekdayOfMonth(year, 5, MONDAY), 'Memorial Day');
  if (year >= 2022) observed(isoDateOf(year, 6, 19), 'Juneteenth National Independence Day');
  observed(isoDateOf(year, 7, 4), 'Independence Day');
  closed(nthWeekdayOfMonth(year, 9, MONDAY, 1), 'Labor Day');
  const thanksgiving = nthWeekdayOfMonth(year, 11, THURSDAY, 4);
  closed(thanksgiving, 'Thanksgiving Day');
  observed(isoDateOf(year, 12, 25), 'Christmas Day');

  for (const [iso, name] of Object.entries(SPECIAL_CLOSURES)) {
    if (iso.startsWith(`${year}-`)) days.set(iso, { kind: 'closed', name });
  }

  // Early closes, only where the day is a weekday that is not already closed:
  // July 3 when Independence Day falls Tuesday–Friday (a Saturday July 4 closes July 3 instead),
  // the Friday after Thanksgiving, and Christmas Eve Monday–Thursday (a Friday
  // December 24 is the observed Christmas holiday).
  early(isoDateOf(year, 7, 3), 'Independence Day eve');
  early(addDays(thanksgiving, 1), 'Day after Thanksgiving');
  early(isoDateOf(year, 12, 24), 'Christmas Eve');
  return days;
}
