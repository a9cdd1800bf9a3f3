/**
 * The NYSE calendar: trading days, sessions and whether the market is open at an instant.
 * Pure functions of their arguments — no clock is read, so workflows pass `new Date()`
 * (Temporal's deterministic time) or a schedule's time, and tests pass fixed instants.
 */
import { addDays, isWeekend, parseIsoDate } from '../../common/iso-date.js';
import { fromNewYorkWallTime, newYorkDateOf } from './new-york-time.js';
import { exchangeDaysOf, type ExchangeDay } from './nyse-rules.js';

/** Regular session: 09:30–16:00 America/New_York. */
export const SESSION_OPEN = { hour: 9, minute: 30 } as const;
export const SESSION_CLOSE = { hour: 16, minute: 0 } as const;

export interface Session {
  /** ISO date of the session in New York. */
  date: string;
  /** First instant of the regular session (inclusive). */
  open: Date;
  /** End of the regular session (exclusive): 16:00, or 13:00 on an early close. */
  close: Date;
  earlyClose: boolean;
  /** Why the session closes early ("Christmas Eve"), or null on a full day. */
  earlyCloseReason: string | null;
}

/** No run of closed days comes near this (the longest since 1993: 2001-09-11 to 09-16, 6 days). */
const MAX_CLOSED_RUN = 31;

/** True when the exchange holds a regular session on `isoDate` (YYYY-MM-DD). */
export function isTradingDay(isoDate: string): boolean {
  return isTrading(parseIsoDate(isoDate));
}

/**
 * Why a weekday is an exchange holiday ("Good Friday", "Independence Day (observed)",
 * "National Day of Mourning for Jimmy Carter"); null on trading days and weekends.
 */
export function holidayName(isoDate: string): string | null {
  const rule = ruleFor(parseIsoDate(isoDate));
  return rule?.kind === 'closed' ? rule.name : null;
}

/** The regular session held on `isoDate`, or null when the exchange is closed that day. */
export function sessionFor(isoDate: string): Session | null {
  const iso = parseIsoDate(isoDate);
  if (!isTrading(iso)) return null;
  const rule = ruleFor(iso);
  const early = rule?.kind === 'early-close' ? rule : null;
  return {
    date: iso,
    open: fromNewYorkWallTime(iso, SESSION_OPEN.hour, SESSION_OPEN.minute),
    close: early ? fromNewYorkWallTime(iso, early.closeHour, 0) : fromNewYorkWallTime(iso, SESSION_CLOSE.hour, SESSION_CLOSE.minute),
    earlyClose: early !== null,
    earlyCloseReason: early?.name ?? null,
  };
}

/** The session in progress at `instant` (open ≤ instant < close), or null. */
export function sessionAt(instant: Date): Session | null {
  const session = sessionFor(newYorkDateOf(instant));
  const t = instant.getTime();
  return session && t >= session.open.getTime() && t < session.close.getTime() ? session : null;
}

/** True during a regular session: from 09:30:00.000 up to, not including, the close. */
export function isMarketOpen(instant: Date): boolean {
  return sessionAt(instant) !== null;
}

/**
 * Milliseconds until the session in progress closes; 0 when the market is closed.
 * A workflow that must not train during market hours sleeps this long.
 */
export function msUntilMarketCloses(instant: Date): number {
  const session = sessionAt(instant);
  return session ? session.close.getTime() - instant.getTime() : 0;
}

/** The first session close strictly after `instant`: today's if it has not closed yet, else the next session's. */
export function nextSessionClose(instant: Date): Date {
  const today = newYorkDateOf(instant);
  const session = sessionFor(today);
  if (session && instant.getTime() < session.close.getTime()) return session.close;
  return (sessionFor(nextTradingDay(today)) as Session).close;
}

/** The first session open at or after `instant`. */
export function nextSessionOpen(instant: Date): Date {
  const today = newYorkDateOf(instant);
  const session = sessionFor(today);
  if (session && instant.getTime() <= session.open.getTime()) return session.open;
  return (sessionFor(nextTradingDay(today)) as Session).open;
}

/** The first trading day strictly after `isoDate`. */
export function nextTradingDay(isoDate: string): string {
  return stepToTradingDay(parseIsoDate(isoDate), 1);
}

/** The last trading day strictly before `isoDate`. */
export function previousTradingDay(isoDate: string): string {
  return stepToTradingDay(parseIsoDate(isoDate), -1);
}

/**
 * Trading days from `fromIso` to `toIso`, both inclusive, ascending; empty when
 * `fromIso` is after `toIso`. Its length is the number of sessions in the range.
 */
export function tradingDaysBetween(fromIso: string, toIso: string): string[] {
  const to = parseIsoDate(toIso);
  const days: string[] = [];
  // ISO dates of four-digit years sort as strings.
  for (let date = parseIsoDate(fromIso); date <= to; date = addDays(date, 1)) {
    if (isTrading(date)) days.push(date);
  }
  return days;
}

/**
 * The latest session whose close (16:00, or 13:00 on an early close) is at or before `instant`:
 * the last day whose closing price exists. Before today's close it is the previous session.
 */
export function lastCompletedSession(instant: Date): string {
  const today = newYorkDateOf(instant);
  const session = sessionFor(today);
  if (session && session.close.getTime() <= instant.getTime()) return today;
  return previousTradingDay(today);
}

/**
 * Sessions strictly after `afterIso` up to and including `upToIso` (0 when `upToIso` is not
 * after it): how many sessions' bars a cache whose last bar is `afterIso` is missing.
 */
export function sessionsAfter(afterIso: string, upToIso: string): number {
  return tradingDaysBetween(addDays(parseIsoDate(afterIso), 1), upToIso).length;
}

function stepToTradingDay(start: string, step: 1 | -1): string {
  let date = start;
  for (let i = 0; i < MAX_CLOSED_RUN; i++) {
    date = addDays(date, step);
    if (isTrading(date)) return date;
  }
  throw new RangeError(`no trading day within ${MAX_CLOSED_RUN} days ${step > 0 ? 'after' : 'before'} ${start}`);
}

function isTrading(date: string): boolean {
  return !isWeekend(date) && ruleFor(date)?.kind !== 'closed';
}

function ruleFor(date: string): ExchangeDay | undefined {
  return exchangeDaysOf(Number(date.slice(0, 4))).get(date);
}
