import { priceErrors, type PriceErrors } from './metrics.js';

/** Direction convention used everywhere: a return > 0 is up, anything else is down. */
export const isUp = (logReturn: number) => logReturn > 0;

export interface DirectionBaseline {
  /** The better of the two on these days (chosen with hindsight, which flatters the baseline). */
  name: 'always-up' | 'same-as-today';
  accuracy: number;
  alwaysUp: number;
  sameAsToday: number;
}

/** Persistence: tomorrow's close = today's close. */
export function persistenceErrors(today: readonly number[], tomorrow: readonly number[]): PriceErrors {
  return priceErrors(today, tomorrow);
}

/**
 * @param todayReturns log return into each origin day (close[t] / close[t-1])
 * @param nextReturns  log return of the day being forecast (close[t+1] / close[t])
 */
export function directionBaseline(todayReturns: readonly number[], nextReturns: readonly number[]): DirectionBaseline {
  const n = nextReturns.length;
  let up = 0;
  let same = 0;
  if (todayReturns.length !== n) throw new RangeError(`directionBaseline needs paired returns, got ${todayReturns.length} and ${n}`);
  for (let i = 0; i < n; i++) {
    const next = isUp(nextReturns[i]!); // i < n, both of length n
    if (next) up++;
    if (isUp(todayReturns[i]!) === next) same++;
  }
  const alwaysUp = n ? up / n : Number.NaN;
  const sameAsToday = n ? same / n : Number.NaN;
  return sameAsToday > alwaysUp
    ? { name: 'same-as-today', accuracy: sameAsToday, alwaysUp, sameAsToday }
    : { name: 'always-up', accuracy: alwaysUp, alwaysUp, sameAsToday };
}
