/**
 * Yahoo chart quotes → candidate bars, with the deliberate handling of Yahoo's null rows.
 *
 * Yahoo returns rows whose OHLCV are all null. Some are artefacts, not sessions: a row before
 * the first or after the last real bar (e.g. today's session before the open), a row on a
 * weekend, or an extra row sharing its date with a real bar (inserted at an event time). Those
 * are dropped and counted. An all-null row on a weekday *between* real bars is a missing
 * session — a hole in the series — and is reported invalid, as is any row where only some
 * fields are null. Separately, the bar of a session that is still trading is dropped, so a
 * half-day never reaches the cache.
 */

import { isWeekend } from '../../common/iso-date.js';
import { dateInTimeZone } from '../../common/time-zone.js';
import { type CandidateBar } from './validate.js';

/** The parts of yahoo-finance2's `ChartResultArray` we read (structural, so its type fits). */
export interface ChartLike {
  meta: {
    exchangeTimezoneName?: string;
    regularMarketTime?: Date;
    currentTradingPeriod?: { regular?: { start?: Date; end?: Date } };
  };
  quotes: Array<{
    date: Date;
    open: number | null;
    high: number | null;
    low: number | null;
    close: number | null;
    volume: number | null;
    adjclose?: number | null;
  }>;
}

export interface ChartMapping {
  rows: CandidateBar[];
  /** The exchange's time zone the session dates are in. */
  timeZone: string;
  /** Dates of all-null artefact rows that were dropped. */
  droppedEmpty: string[];
  /** Date of the still-trading session's bar that was dropped, if any. */
  droppedIncomplete: string | null;
}

export const DEFAULT_EXCHANGE_TIME_ZONE = 'America/New_York';

export function chartToCandidates(chart: ChartLike): ChartMapping {
  // A daily bar's timestamp is the session open; its session date is the exchange's local date.
  const tz = chart.meta.exchangeTimezoneName || DEFAULT_EXCHANGE_TIME_ZONE;
  const all: CandidateBar[] = chart.quotes.map((q) => ({
    date: dateInTimeZone(q.date, tz),
    open: q.open ?? null,
    high: q.high ?? null,
    low: q.low ?? null,
    close: q.close ?? null,
    adjClose: q.adjclose ?? null,
    volume: q.volume ?? null,
  }));

  const real = all.map((r) => !isEmpty(r));
  const first = real.indexOf(true);
  const last = real.lastIndexOf(true);
  const rows: CandidateBar[] = [];
  const droppedEmpty: string[] = [];
  all.forEach((row, i) => {
    if (real[i]) {
      rows.push(row);
      return;
    }
    const sharesDateWithRealBar =
      (real[i - 1] === true && all[i - 1]?.date === row.date) ||
      (real[i + 1] === true && all[i + 1]?.date === row.date);
    if (first === -1 || i < first || i > last || isWeekend(row.date) || sharesDateWithRealBar) {
      droppedEmpty.push(row.date);
    } else {
      rows.push({ ...row, problems: ['no prices (open, high, low, close and volume all null) on a weekday between sessions'] });
    }
  });

  let droppedIncomplete: string | null = null;
  const regular = chart.meta.currentTradingPeriod?.regular;
  const marketTime = chart.meta.regularMarketTime;
  const lastRow = rows[rows.length - 1];
  if (lastRow && regular?.start && regular.end && marketTime) {
    const sessionDate = dateInTimeZone(regular.start, tz);
    if (lastRow.date === sessionDate && marketTime.getTime() < regular.end.getTime()) {
      droppedIncomplete = lastRow.date;
      rows.pop();
    }
  }
  return { rows, timeZone: tz, droppedEmpty, droppedIncomplete };
}

function isEmpty(r: CandidateBar): boolean {
  return r.open === null && r.high === null && r.low === null && r.close === null && r.volume === null;
}
