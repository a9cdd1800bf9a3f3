/** Baselines every score is shown beside: persistence for prices, naive rules for direction (chosen without hindsight). */
import { chooseNaiveDirectionRule, NAIVE_RULES } from '../../common/naive-direction.js';
import type { NaiveDirectionRule } from '../../common/wire/index.js';
import { priceErrors, type PriceErrors } from './metrics.js';

/** Direction convention used everywhere: a return > 0 is up, anything else is down. */
export const isUp = (logReturn: number) => logReturn > 0;

/** Sessions before an evaluation window the naive rule and the base rate are chosen on. */
export const PRIOR_SESSIONS = 250;

export interface DirectionBaseline {
  /** The naive rule chosen on the `chosenOn` sessions BEFORE the window, and its accuracy on the window. */
  name: NaiveDirectionRule;
  accuracy: number;
  chosenOn: number;
  /** Share of up days before the window: the base-rate forecast of P(up). */
  baseRate: number;
  alwaysUp: number;
  alwaysDown: number;
  sameAsToday: number;
  /** The best rule on the window itself, chosen with hindsight: information only, never a bar to clear. */
  hindsightBest: { name: NaiveDirectionRule; accuracy: number };
}

/** Persistence: tomorrow's close = today's close. */
export function persistenceErrors(today: readonly number[], tomorrow: readonly number[]): PriceErrors {
  return priceErrors(today, tomorrow);
}

/**
 * @param todayReturns log return into each origin day (close[t] / close[t-1])
 * @param nextReturns  log return of the day being forecast (close[t+1] / close[t])
 * @param priorReturns log returns of the sessions before the window (oldest first): the rule and base rate are chosen on these
 */
export function directionBaseline(todayReturns: readonly number[], nextReturns: readonly number[], priorReturns: readonly number[]): DirectionBaseline {
  const n = nextReturns.length;
  let up = 0;
  let same = 0;
  if (todayReturns.length !== n) throw new RangeError(`directionBaseline needs paired returns, got ${todayReturns.length} and ${n}`);
  for (let i = 0; i < n; i++) {
    const next = isUp(nextReturns[i]!); // i < n, both of length n
    if (next) up++;
    if (isUp(todayReturns[i]!) === next) same++;
  }
  const onWindow: Record<NaiveDirectionRule, number> = {
    'always-up': n ? up / n : Number.NaN,
    'always-down': n ? (n - up) / n : Number.NaN,
    'same-as-today': n ? same / n : Number.NaN,
  };
  const prior = chooseNaiveDirectionRule(priorReturns);
  let hindsight: NaiveDirectionRule = 'always-up';
  for (const rule of NAIVE_RULES) if (onWindow[rule] > onWindow[hindsight]) hindsight = rule;
  return {
    name: prior.rule,
    accuracy: onWindow[prior.rule],
    chosenOn: prior.n,
    baseRate: prior.n ? prior.accuracy['always-up'] : Number.NaN,
    alwaysUp: onWindow['always-up'],
    alwaysDown: onWindow['always-down'],
    sameAsToday: onWindow['same-as-today'],
    hindsightBest: { name: hindsight, accuracy: onWindow[hindsight] },
  };
}
