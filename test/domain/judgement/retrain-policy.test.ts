import { describe, expect, it } from 'vitest';
import { consecutiveRefusals, judgeRetrainPolicy, type PolicyAttempt, type RetrainPolicyInput } from '../../../domain/judgement/index.js';

const settings = { cooldownHours: 24, noSkillAfterRefusals: 3, noSkillRetryAfterSessions: 20 };
const NOW = new Date('2026-11-30T12:00:00Z');

/** Weekday sessions from 2025-06-02 (a Monday), enough for these tests; holidays do not matter here. */
function sessions(count: number): string[] {
  const days: string[] = [];
  for (let t = Date.parse('2025-06-02T00:00:00Z'); days.length < count; t += 86_400_000) {
    const d = new Date(t);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) days.push(d.toISOString().slice(0, 10));
  }
  return days;
}

const cache = sessions(60); // 2025-06-02 … 2025-08-22
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();
const attempt = (over: Partial<PolicyAttempt>): PolicyAttempt => ({ startedAt: hoursAgo(48), lastBar: cache[40]!, outcome: 'promoted', detail: null, ...over });
const judge = (over: Partial<RetrainPolicyInput>) => judgeRetrainPolicy({ symbol: 'SPY', force: false, now: NOW, attempts: [], sessions: cache, settings, ...over });

describe('judgeRetrainPolicy', () => {
  it('allows a symbol never attempted', () => {
    expect(judge({})).toEqual({ symbol: 'SPY', allowed: true, state: 'allowed', reason: 'no retrain attempt recorded yet', lastAttemptAt: null, consecutiveRefusals: 0 });
  });

  it('counts the cooldown from the last attempt, whatever its outcome, not from the champion', () => {
    for (const outcome of ['promoted', 'kept', 'failed', 'started'] as const) {
      const v = judge({ attempts: [attempt({ startedAt: hoursAgo(5), outcome })] });
      expect(v).toMatchObject({ allowed: false, state: 'cooldown', lastAttemptAt: hoursAgo(5) });
      expect(v.reason).toBe(`cooldown: the last attempt (${outcome} at ${hoursAgo(5)}, data through ${cache[40]}) started 5.0 h ago (< 24 h); automatic retrains allowed from ${hoursAgo(-19)}`);
    }
    // 25 h after the attempt, with 19 sessions after its data: allowed, and it says why.
    const later = judge({ attempts: [attempt({ startedAt: hoursAgo(25) })] });
    expect(later).toMatchObject({ allowed: true, state: 'allowed' });
    expect(later.reason).toBe(`19 new sessions since the last attempt (promoted at ${hoursAgo(25)}, data through ${cache[40]})`);
  });

  it('does not retrain on the data the last attempt trained on, however long ago it was', () => {
    const v = judge({ attempts: [attempt({ startedAt: hoursAgo(24 * 30), lastBar: cache.at(-1)!, outcome: 'kept' })] });
    expect(v).toMatchObject({ allowed: false, state: 'no-new-data', consecutiveRefusals: 1 });
    expect(v.reason).toMatch(/^no new data: the last attempt \(kept at .*, data through 2025-08-22\) trained on the newest cached session and none arrived since; an automatic retrain waits for the next session — or force one$/);
    // One more session arrives: allowed again.
    expect(judge({ attempts: [attempt({ lastBar: cache.at(-2)!, outcome: 'kept' })] })).toMatchObject({ allowed: true, state: 'allowed' });
  });

  it('names every reason that applies, the longest-lasting first', () => {
    const v = judge({ attempts: [attempt({ startedAt: hoursAgo(1), lastBar: cache.at(-1)! })] });
    expect(v.state).toBe('no-new-data');
    expect(v.reason).toMatch(/^no new data: .*; cooldown: .*started 1\.0 h ago/);
  });

  it('enters no-skill after 3 refused challengers in a row and leaves it after 20 new sessions', () => {
    const refused = (lastBar: string, h: number): PolicyAttempt => attempt({ startedAt: hoursAgo(h), lastBar, outcome: 'kept', detail: 'kept champion v1: challenger MAPE 2.1% vs champion 1.9%' });
    const three = [refused(cache[10]!, 300), refused(cache[20]!, 200), refused(cache[30]!, 100)];
    // Two refusals and new data: still allowed.
    expect(judge({ attempts: three.slice(0, 2) })).toMatchObject({ allowed: true, consecutiveRefusals: 2 });

    // Three: no-skill while fewer than 20 sessions arrived after the last attempt's data (29 → 19 sessions).
    const blocked = judge({ attempts: three, sessions: cache.slice(0, 50) });
    expect(blocked).toMatchObject({ allowed: false, state: 'no-skill', consecutiveRefusals: 3 });
    expect(blocked.reason).toBe(
      `no-skill: the promotion gate kept the champion over 3 challengers in a row (last: kept champion v1: challenger MAPE 2.1% vs champion 1.9%); `
      + `19 new sessions after the last attempt's data through ${cache[30]}; automatic retrains resume after 20 (1 more) — or force one`);

    // The 20th new session releases it.
    expect(judge({ attempts: three, sessions: cache.slice(0, 51) })).toMatchObject({ allowed: true, state: 'allowed', consecutiveRefusals: 3 });

    // A fourth refusal after the release: no-skill again until 20 more sessions.
    const four = [...three, refused(cache[50]!, 50)];
    expect(judge({ attempts: four, sessions: cache.slice(0, 60) })).toMatchObject({ allowed: false, state: 'no-skill', consecutiveRefusals: 4 });
  });

  it('resets the refusal count with a promotion; failures neither count nor reset', () => {
    const kept = attempt({ outcome: 'kept' });
    const failed = attempt({ outcome: 'failed' });
    const promoted = attempt({ outcome: 'promoted' });
    expect(consecutiveRefusals([kept, kept, kept, promoted])).toBe(0);
    expect(consecutiveRefusals([kept, promoted, kept, failed, kept])).toBe(2);
    expect(consecutiveRefusals([kept, kept, failed, kept])).toBe(3);
    expect(judge({ attempts: [kept, kept, kept, promoted] })).toMatchObject({ allowed: true, consecutiveRefusals: 0 });
  });

  it('force allows a retrain and still says what would have refused it', () => {
    const attempts = [attempt({ outcome: 'kept' }), attempt({ outcome: 'kept' }), attempt({ startedAt: hoursAgo(1), lastBar: cache.at(-1)!, outcome: 'kept' })];
    expect(judge({ attempts })).toMatchObject({ allowed: false, state: 'no-skill' });
    const forced = judge({ attempts, force: true });
    expect(forced).toMatchObject({ allowed: true, state: 'allowed', consecutiveRefusals: 3 });
    expect(forced.reason).toMatch(/^forced \(otherwise refused — no-skill: .*; no new data: .*; cooldown: .*\)$/);
    expect(judge({ force: true }).reason).toBe('forced (no retrain attempt recorded yet)');
  });

  it('counts every cached session as new when the last attempt had no data', () => {
    expect(judge({ attempts: [attempt({ lastBar: null, outcome: 'failed' })] })).toMatchObject({ allowed: true });
    expect(judge({ attempts: [attempt({ lastBar: null, outcome: 'failed' })], sessions: [] })).toMatchObject({ allowed: false, state: 'no-new-data' });
  });

  it('rejects settings that make no sense, naming the setting', () => {
    expect(() => judge({ settings: { ...settings, noSkillAfterRefusals: 0 } })).toThrow(/noSkillAfterRefusals = 0 .* integer ≥ 1/);
    expect(() => judge({ settings: { ...settings, cooldownHours: -1 } })).toThrow(/cooldownHours = -1/);
  });
});
