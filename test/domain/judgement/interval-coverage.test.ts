// The interval-coverage skill rule: live 80% coverage significantly below 80% (exact one-sided
// binomial test, Holm with the other rules). Calibrated intervals rarely breach (about α over
// seeded trials); intervals half as wide breach within ~40 sessions; nothing below minSessions.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../common/random.js';
import type { SkillJudgement } from '../../../common/wire/index.js';
import { judgeSkill, type JudgedSession } from '../../../domain/judgement/index.js';
import { binomialLowerTail } from '../../../domain/judgement/stats.js';

const options = { alpha: 0.05, minSessions: 20 };
const Z80 = 1.2815515655446004;

function standardNormal(rng: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

const dateOf = (i: number) => new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);

/** Gaussian log returns with σ; the stored 80% interval is last·exp(±widthFactor·z80·σ); forecast = last. */
function series(rng: () => number, count: number, widthFactor: number, sigma = 0.012): JudgedSession[] {
  let previous = 100;
  let last = 100;
  const out: JudgedSession[] = [];
  for (let i = 0; i < count; i++) {
    const actual = last * Math.exp(sigma * standardNormal(rng));
    const half = widthFactor * Z80 * sigma;
    out.push({
      date: dateOf(i), previousClose: previous, lastClose: last, forecastClose: last, actualClose: actual,
      direction: rng() < 0.5 ? 'up' : 'down', confidence: 0.5, p80: { low: last * Math.exp(-half), high: last * Math.exp(half) },
    });
    previous = last;
    last = actual;
  }
  return out;
}

const coverageTest = (j: SkillJudgement) => j.tests.find((t) => t.rule === 'interval-coverage');

describe('binomialLowerTail', () => {
  it('is the exact P(X ≤ k) of a binomial', () => {
    // n = 5, p = 0.8: P(X ≤ 3) = 1 − P(4) − P(5) = 1 − 5·0.8⁴·0.2 − 0.8⁵
    expect(binomialLowerTail(3, 5, 0.8)).toBeCloseTo(1 - 5 * 0.8 ** 4 * 0.2 - 0.8 ** 5, 12);
    expect(binomialLowerTail(0, 10, 0.8)).toBeCloseTo(0.2 ** 10, 18);
    expect(binomialLowerTail(10, 10, 0.8)).toBe(1);
    expect(binomialLowerTail(-1, 10, 0.8)).toBe(0);
    expect(() => binomialLowerTail(1, 2.5, 0.8)).toThrow(/whole number/);
  });
});

describe('interval-coverage', () => {
  it('scores the stored 80% intervals: coverage with n, the exact p-value, a detail saying both', () => {
    const live = series(mulberry32(3), 30, 1);
    const t = coverageTest(judgeSkill(live, { priorReturns: [], holdout: [] }, options))!;
    const hits = live.filter((s) => s.actualClose >= s.p80!.low && s.actualClose <= s.p80!.high).length;
    expect(t).toMatchObject({ n: 30, model: hits / 30, baseline: 0.8, baselineName: 'nominal 80% coverage' });
    expect(t.pValue).toBeCloseTo(binomialLowerTail(hits, 30, 0.8), 12);
    expect(t.detail).toContain(`covered ${hits} of 30 closes`);
  });

  it('a well-calibrated series breaches about as often as α over seeded trials', () => {
    const trials = 400;
    let breaches = 0;
    let rawRejections = 0;
    for (let seed = 1; seed <= trials; seed++) {
      const j = judgeSkill(series(mulberry32(seed), 60, 1), { priorReturns: [], holdout: [] }, options);
      const t = coverageTest(j)!;
      if (t.breach) breaches++;
      if (t.pValue! < options.alpha) rawRejections++;
    }
    // The exact test is conservative (size ≤ α); Holm only lowers it. 3 binomial standard errors of slack.
    const slack = 3 * Math.sqrt((options.alpha * (1 - options.alpha)) / trials);
    expect(rawRejections / trials).toBeLessThanOrEqual(options.alpha + slack);
    expect(rawRejections / trials).toBeGreaterThan(0.005);
    expect(breaches).toBeLessThanOrEqual(rawRejections);
  });

  it('intervals half as wide breach within ~40 sessions', () => {
    // Coverage of a half-width 80% interval is 2Φ(0.64) − 1 ≈ 48%; with Holm over the rules the
    // test needs about ≤ 26 hits of 40 (power ≈ 98%), so nearly every seed breaches by 40 and all by 60.
    const firstBreach = (live: JudgedSession[]) => {
      for (let n = options.minSessions; n <= live.length; n++) {
        if (judgeSkill(live.slice(0, n), { priorReturns: [], holdout: [] }, options).breached.includes('interval-coverage')) return n;
      }
      return Infinity;
    };
    const seeds = 20;
    const firsts = Array.from({ length: seeds }, (_, i) => firstBreach(series(mulberry32(1000 + i), 60, 0.5)));
    expect(firsts.filter((n) => n <= 40).length, `first breaches: ${firsts.join(', ')}`).toBeGreaterThanOrEqual(18);
    expect(Math.max(...firsts), `first breaches: ${firsts.join(', ')}`).toBeLessThanOrEqual(60);
  });

  it('judges nothing below minSessions, and is no rule for forecasts stored without intervals', () => {
    const short = judgeSkill(series(mulberry32(5), 19, 0.3), { priorReturns: [], holdout: [] }, options);
    expect(short.tests).toEqual([]);
    const partial = series(mulberry32(6), 30, 0.3).map((s, i) => (i < 15 ? { ...s, p80: undefined } : s));
    const j = judgeSkill(partial, { priorReturns: [], holdout: [] }, options);
    expect(coverageTest(j)).toBeUndefined();
    expect(j.note).toContain('interval-coverage: only 15 live sessions with a stored 80% interval (< 20)');
    const none = judgeSkill(series(mulberry32(7), 30, 0.3).map(({ p80: _p80, ...s }) => s), { priorReturns: [], holdout: [] }, options);
    expect(none.tests.map((t) => t.rule)).not.toContain('interval-coverage');
    expect(none.note ?? '').not.toContain('interval-coverage');
  });

  it('refuses a malformed interval, naming the session', () => {
    const live = series(mulberry32(8), 25, 1);
    const fifth = live[4];
    if (!fifth) throw new Error('the series has fewer than 5 sessions');
    live[4] = { ...fifth, p80: { low: 101, high: 99 } };
    expect(() => judgeSkill(live, { priorReturns: [], holdout: [] }, options)).toThrow(/live session 4 \(2020-01-05\): p80 must be a price interval/);
  });
});
