/**
 * The retrain policy: whether an automatic retrain of a symbol may start now. A pure function
 * of the symbol's recorded retrain attempts and the sessions in its price cache, so a retrain
 * never loops: the cooldown counts from the last attempt (any outcome), data an attempt
 * already trained on is not trained on again, and a symbol whose challengers the gate keeps
 * refusing is "no-skill" until enough new sessions arrived.
 */
import type { RetrainPolicyState, RetrainPolicyVerdict } from '../../common/wire/index.js';

/** One recorded retrain attempt, as the policy needs it. */
export interface PolicyAttempt {
  startedAt: string;
  /** Last bar of the data it trained on; null when nothing was cached. */
  lastBar: string | null;
  outcome: 'started' | 'promoted' | 'kept' | 'failed';
  /** The gate's reason or the error. */
  detail?: string | null;
}

export interface RetrainPolicySettings {
  /** No automatic retrain within this many hours of the last attempt's start. */
  cooldownHours: number;
  /** Challengers kept out by the gate in a row before the symbol is "no-skill". */
  noSkillAfterRefusals: number;
  /** New sessions (after the last attempt's data) that end a no-skill state. */
  noSkillRetryAfterSessions: number;
}

export interface RetrainPolicyInput {
  symbol: string;
  /** An operator's or the monthly run's retrain: allowed whatever the history says. */
  force: boolean;
  now: Date;
  /** The symbol's attempts, oldest first. */
  attempts: readonly PolicyAttempt[];
  /** Trading days in the symbol's price cache (any order). */
  sessions: readonly string[];
  settings: RetrainPolicySettings;
}

/** The order in which a refusal is named when several apply: the one that lasts longest first. */
const PRECEDENCE: readonly Exclude<RetrainPolicyState, 'allowed'>[] = ['no-skill', 'no-new-data', 'cooldown'];

export function judgeRetrainPolicy(input: RetrainPolicyInput): RetrainPolicyVerdict {
  const { symbol, attempts, settings } = input;
  validateSettings(settings);
  const refusals = consecutiveRefusals(attempts);
  const last = attempts.at(-1);
  if (!last) {
    return { symbol, allowed: true, state: 'allowed', reason: input.force ? 'forced (no retrain attempt recorded yet)' : 'no retrain attempt recorded yet', lastAttemptAt: null, consecutiveRefusals: 0 };
  }

  const newSessions = input.sessions.filter((day) => last.lastBar === null || day > last.lastBar).length;
  const dataThrough = last.lastBar === null ? 'no cached data' : `data through ${last.lastBar}`;
  const lastText = `the last attempt (${last.outcome} at ${last.startedAt}, ${dataThrough})`;
  const blockers = new Map<RetrainPolicyState, string>();

  if (refusals >= settings.noSkillAfterRefusals && newSessions < settings.noSkillRetryAfterSessions) {
    blockers.set('no-skill',
      `no-skill: the promotion gate kept the champion over ${refusals} challengers in a row${last.outcome === 'kept' && last.detail ? ` (last: ${last.detail})` : ''}; `
      + `${plural(newSessions, 'new session')} after the last attempt's ${dataThrough}; automatic retrains resume after ${settings.noSkillRetryAfterSessions} `
      + `(${settings.noSkillRetryAfterSessions - newSessions} more) — or force one`);
  }
  if (newSessions === 0) {
    blockers.set('no-new-data', `no new data: ${lastText} trained on the newest cached session and none arrived since; an automatic retrain waits for the next session — or force one`);
  }
  const hoursSince = (input.now.getTime() - Date.parse(last.startedAt)) / 3_600_000;
  if (hoursSince < settings.cooldownHours) {
    const until = new Date(Date.parse(last.startedAt) + settings.cooldownHours * 3_600_000).toISOString();
    blockers.set('cooldown', `cooldown: ${lastText} started ${hoursSince.toFixed(1)} h ago (< ${settings.cooldownHours} h); automatic retrains allowed from ${until}`);
  }

  const reasons = PRECEDENCE.filter((s) => blockers.has(s)).map((s) => blockers.get(s)!);
  const base = { symbol, lastAttemptAt: last.startedAt, consecutiveRefusals: refusals };
  if (input.force) {
    return { ...base, allowed: true, state: 'allowed', reason: reasons.length > 0 ? `forced (otherwise refused — ${reasons.join('; ')})` : 'forced' };
  }
  const state = PRECEDENCE.find((s) => blockers.has(s));
  if (state) return { ...base, allowed: false, state, reason: reasons.join('; ') };
  return { ...base, allowed: true, state: 'allowed', reason: `${plural(newSessions, 'new session')} since ${lastText}` };
}

/** Challengers kept out in a row, newest backwards; a promotion ends the run, failures are skipped. */
export function consecutiveRefusals(attempts: readonly PolicyAttempt[]): number {
  let count = 0;
  for (const { outcome } of [...attempts].reverse()) {
    if (outcome === 'promoted') break;
    if (outcome === 'kept') count++;
  }
  return count;
}

function validateSettings(s: RetrainPolicySettings): void {
  const check = (name: string, v: number, integer: boolean, min: number) => {
    if (!Number.isFinite(v) || v < min || (integer && !Number.isInteger(v))) {
      throw new RangeError(`retrain policy setting ${name} = ${v} is not allowed; expected ${integer ? 'an integer' : 'a number'} ≥ ${min}`);
    }
  };
  check('cooldownHours', s.cooldownHours, false, 0);
  check('noSkillAfterRefusals', s.noSkillAfterRefusals, true, 1);
  check('noSkillRetryAfterSessions', s.noSkillRetryAfterSessions, true, 1);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
