/** The `{ from?, to? }` date range a price source is asked for: checking it and filtering bars by it. */
import { isIsoDate } from '../../common/iso-date.js';
import { type DateRange } from './price-source.js';

/** Throws a RangeError naming the bad bound; callers pass user input through this. */
export function assertRange(range: DateRange | undefined): void {
  for (const key of ['from', 'to'] as const) {
    const v = range?.[key];
    if (v !== undefined && !isIsoDate(v)) {
      throw new RangeError(`range.${key} = ${JSON.stringify(v)} is not a YYYY-MM-DD date`);
    }
  }
}

export function inRange(date: string, range: DateRange | undefined): boolean {
  if (!range) return true;
  if (range.from !== undefined && date < range.from) return false;
  if (range.to !== undefined && date > range.to) return false;
  return true;
}

export function filterRange<T extends { date: string }>(bars: T[], range: DateRange | undefined): T[] {
  if (!range || (range.from === undefined && range.to === undefined)) return bars;
  return bars.filter((b) => inRange(b.date, range));
}
