/** Normalisation of values on their way into the database, with errors that name the field. */
import { SYMBOL_PATTERN } from '../../common/constants.js';
import { isIsoDate } from '../../common/iso-date.js';
import { HistoryInputError } from './errors.js';
import type { Timestamp } from './types.js';

export class Fields {
  constructor(private readonly table: string) {}

  /** Date or time string → canonical ISO UTC string; undefined → the clock. */
  time(field: string, v: Timestamp | undefined, now: () => Date): string {
    if (v === undefined) return now().toISOString();
    const d = v instanceof Date ? v : new Date(v);
    if (Number.isNaN(d.getTime())) throw new HistoryInputError(this.table, field, v, 'an ISO timestamp or Date');
    return d.toISOString();
  }

  day(field: string, v: unknown): string {
    if (!isIsoDate(v)) {
      throw new HistoryInputError(this.table, field, v, 'a trading day YYYY-MM-DD');
    }
    return v;
  }

  optionalDay(field: string, v: unknown): string | null {
    return v === undefined || v === null ? null : this.day(field, v);
  }

  symbol(field: string, v: unknown): string {
    if (typeof v !== 'string' || !SYMBOL_PATTERN.test(v)) throw new HistoryInputError(this.table, field, v, `a ticker matching ${SYMBOL_PATTERN}`);
    return v;
  }

  text(field: string, v: unknown): string {
    if (typeof v !== 'string' || v.length === 0) throw new HistoryInputError(this.table, field, v, 'a non-empty string');
    return v;
  }

  int(field: string, v: unknown, min: number): number {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new HistoryInputError(this.table, field, v, `an integer ≥ ${min}`);
    return v;
  }

  optionalInt(field: string, v: unknown, min: number): number | null {
    return v === undefined || v === null ? null : this.int(field, v, min);
  }

  finite(field: string, v: unknown, range?: [number, number]): number {
    if (typeof v !== 'number' || !Number.isFinite(v) || (range && (v < range[0] || v > range[1]))) {
      throw new HistoryInputError(this.table, field, v, range ? `a number in [${range[0]}, ${range[1]}]` : 'a finite number');
    }
    return v;
  }

  optionalFinite(field: string, v: unknown, range?: [number, number]): number | null {
    return v === undefined || v === null ? null : this.finite(field, v, range);
  }

  oneOf<T extends string>(field: string, v: unknown, allowed: readonly T[]): T {
    if (!allowed.includes(v as T)) throw new HistoryInputError(this.table, field, v, `one of ${allowed.join(', ')}`);
    return v as T;
  }

  json(field: string, v: unknown, fallback: unknown): string {
    const text = JSON.stringify(v ?? fallback);
    if (text === undefined) throw new HistoryInputError(this.table, field, v, 'a JSON-serialisable value');
    return text;
  }
}

/** A query's LIMIT on both engines: no limit is the largest safe integer (PostgreSQL refuses -1). */
export function sqlLimit(limit: number | undefined): number {
  if (limit === undefined) return Number.MAX_SAFE_INTEGER;
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`limit must be a non-negative integer, got ${limit}`);
  return limit;
}

/** A query's `since` as a canonical timestamp, or null for "from the beginning". */
export function sinceParam(fields: Fields, since: Timestamp | undefined): string | null {
  return since === undefined ? null : fields.time('since', since, noClock);
}

function noClock(): Date {
  throw new Error('unreachable: a defined value never reads the clock');
}
