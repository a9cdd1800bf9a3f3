/**
 * The naive direction rules (always-up, always-down, same-as-today) and the choice of one on
 * sessions BEFORE the window it is compared on — never with hindsight on the window itself.
 * Shared by the engine's evaluation baselines and monitoring's skill judgement.
 */
import type { NaiveDirectionRule } from './wire/index.js';

/** The direction convention of model/baselines.ts: a log return > 0 is up, anything else is down. */
const isUp = (logReturn: number) => logReturn > 0;

export const NAIVE_RULES: readonly NaiveDirectionRule[] = ['always-up', 'always-down', 'same-as-today'];

/**
 * The naive direction rule with the best accuracy on `priorReturns` (ties: always-up, then
 * always-down, then same-as-today). Same-as-today is scored on the n − 1 consecutive pairs.
 * With no prior returns the rule is always-up (accuracies NaN, n = 0).
 */
export function chooseNaiveDirectionRule(priorReturns: readonly number[]): { rule: NaiveDirectionRule; accuracy: Record<NaiveDirectionRule, number>; n: number } {
  priorReturns.forEach((r, i) => {
    if (!Number.isFinite(r)) throw new RangeError(`priorReturns[${i}] must be a finite log return, got ${r}`);
  });
  const n = priorReturns.length;
  const up = priorReturns.filter(isUp).length;
  let same = 0;
  // 1 ≤ t < n: both indices are in range by the loop bounds.
  for (let t = 1; t < n; t++) if (isUp(priorReturns[t]!) === isUp(priorReturns[t - 1]!)) same++;
  const accuracy: Record<NaiveDirectionRule, number> = {
    'always-up': n ? up / n : Number.NaN,
    'always-down': n ? (n - up) / n : Number.NaN,
    'same-as-today': n > 1 ? same / (n - 1) : Number.NaN,
  };
  let rule: NaiveDirectionRule = 'always-up';
  for (const candidate of NAIVE_RULES) if (accuracy[candidate] > accuracy[rule]) rule = candidate;
  return { rule, accuracy, n };
}
