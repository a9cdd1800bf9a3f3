import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../common/random.js';
import type { SkillJudgement, SkillRule, SkillTest } from '../../../common/wire/index.js';
import { chooseNaiveDirectionRule, judgeSkill, storedSkillJudgement, type JudgedSession } from '../../../domain/judgement/index.js';

const options = { alpha: 0.05, minSessions: 20 };

function standardNormal(rng: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

const dateOf = (i: number) => new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);

interface Series {
  sessions: JudgedSession[];
  /** Log return of each session (close over the close before). */
  returns: number[];
}

/**
 * Sessions whose model is exchangeable with persistence: the actual close is
 * last·exp(η + δ/2) and the forecast last·exp(δ), with δ and η symmetric and independent, so
 * (model error, persistence error) has the same law as (persistence error, model error). The
 * direction is a fair coin and the confidence 50%: no skill, no harm.
 * `forecast` can replace the model's forecast (e.g. a biased one) given the last and actual close.
 */
function sessions(rng: () => number, count: number, o: { sigma?: number; start?: number; forecast?: (last: number, actual: number) => number } = {}): Series {
  const sigma = o.sigma ?? 0.01;
  const start = o.start ?? 0;
  let previous = 100;
  let last = 100;
  const out: Series = { sessions: [], returns: [] };
  for (let i = 0; i < count; i++) {
    const delta = 0.7 * sigma * standardNormal(rng);
    const r = sigma * standardNormal(rng) + delta / 2;
    const actual = last * Math.exp(r);
    const up = rng() < 0.5;
    out.sessions.push({
      date: dateOf(start + i), previousClose: previous, lastClose: last, actualClose: actual,
      forecastClose: o.forecast ? o.forecast(last, actual) : last * Math.exp(delta),
      direction: up ? 'up' : 'down', confidence: 0.5,
    });
    out.returns.push(r);
    previous = last;
    last = actual;
  }
  return out;
}

const testOf = (j: SkillJudgement, rule: SkillRule): SkillTest | undefined => j.tests.find((t) => t.rule === rule);

describe('chooseNaiveDirectionRule', () => {
  it('scores the three rules on the prior returns and keeps the best', () => {
    // up, up, down, up, down, down, down: 3/7 up; consecutive pairs same: (u,u) (d,d) (d,d) = 3 of 6
    const r = chooseNaiveDirectionRule([0.01, 0.02, -0.01, 0.01, -0.02, -0.01, -0.03]);
    expect(r.accuracy).toEqual({ 'always-up': 3 / 7, 'always-down': 4 / 7, 'same-as-today': 3 / 6 });
    expect(r.rule).toBe('always-down');
    expect(r.n).toBe(7);
    // a flat day (return 0) is "down" by the house convention
    expect(chooseNaiveDirectionRule([0, 0, 0.01]).accuracy['always-up']).toBeCloseTo(1 / 3, 12);
    // up ×3, down ×3: always-up 50%, same-as-today 4 of 5 pairs
    expect(chooseNaiveDirectionRule([0.01, 0.01, 0.01, -0.01, -0.01, -0.01]).rule).toBe('same-as-today');
  });

  it('defaults to always-up without prior returns and refuses non-finite ones', () => {
    expect(chooseNaiveDirectionRule([])).toMatchObject({ rule: 'always-up', n: 0 });
    expect(() => chooseNaiveDirectionRule([0.01, Number.NaN])).toThrow(/priorReturns\[1\] must be a finite log return, got NaN/);
  });
});

describe('judgeSkill: sample size and input', () => {
  it('judges nothing below minSessions and says why', () => {
    const rng = mulberry32(3);
    const j = judgeSkill(sessions(rng, 12).sessions, { priorReturns: [], holdout: [] }, options);
    expect(j).toMatchObject({ n: 12, from: dateOf(0), to: dateOf(11), alpha: 0.05, tests: [], breached: [], note: 'only 12 live sessions (< 20)' });
    expect(judgeSkill([], { priorReturns: [], holdout: [] }, options)).toMatchObject({ n: 0, from: null, to: null, note: 'no live sessions yet' });
  });

  it('leaves out the rules it cannot test and names them in the note', () => {
    const rng = mulberry32(4);
    const j = judgeSkill(sessions(rng, 30).sessions, { priorReturns: sessions(rng, 100).returns, holdout: sessions(rng, 5).sessions }, options);
    expect(j.tests.map((t) => t.rule)).toEqual(['error-vs-persistence', 'direction-vs-naive', 'brier-vs-base-rate']);
    expect(j.note).toBe('not judged — skill-drop: only 5 holdout sessions (< 20); skill-trend: only 30 live sessions (< 20 recent + 20 earlier)');
  });

  it('refuses bad sessions and options with what and where', () => {
    const live = sessions(mulberry32(5), 25).sessions;
    const context = { priorReturns: [], holdout: [] };
    const broken = live.map((s, i) => (i === 7 ? { ...s, actualClose: Number.NaN } : s));
    expect(() => judgeSkill(broken, context, options)).toThrow(`live session 7 (${dateOf(7)}): actualClose must be a positive finite price, got NaN`);
    expect(() => judgeSkill([...live].reverse(), context, options)).toThrow(/live session 1 .*increasing date order/);
    expect(() => judgeSkill(live, context, { alpha: 5, minSessions: 20 })).toThrow(/alpha must be in \(0, 1\), got 5/);
  });
});

describe('judgeSkill: a model equal to its baselines in distribution', () => {
  it('breaches in at most 10 of 100 seeded trials, with p-values spread evenly', () => {
    const pValues = new Map<SkillRule, number[]>();
    let clean = 0;
    for (let seed = 1; seed <= 100; seed++) {
      const rng = mulberry32(seed);
      const prior = sessions(rng, 250);
      const holdout = sessions(rng, 120, { start: 300 });
      const live = sessions(rng, 60, { start: 500 });
      const j = judgeSkill(live.sessions, { priorReturns: prior.returns, holdout: holdout.sessions }, options);
      expect(j.tests).toHaveLength(5);
      if (j.breached.length === 0) clean++;
      for (const t of j.tests) pValues.set(t.rule, [...(pValues.get(t.rule) ?? []), t.pValue!]);
    }
    expect(clean).toBeGreaterThanOrEqual(90);
    // Brier is left out: an honest 50% beats a base rate estimated from earlier sessions, so its p-values sit high.
    for (const rule of ['error-vs-persistence', 'direction-vs-naive', 'skill-drop', 'skill-trend'] as const) {
      const belowHalf = pValues.get(rule)!.filter((p) => p < 0.5).length / 100;
      expect(belowHalf, rule).toBeGreaterThanOrEqual(0.35);
      expect(belowHalf, rule).toBeLessThanOrEqual(0.65);
    }
  });
});

describe('judgeSkill: error vs persistence', () => {
  it('catches a constant 2% bias within 30 sessions', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const rng = mulberry32(seed);
      const prior = sessions(rng, 250).returns;
      const live = sessions(rng, 30, { forecast: (last) => last * 1.02 }).sessions;
      const firstBreach = [20, 25, 30].find((n) => judgeSkill(live.slice(0, n), { priorReturns: prior, holdout: [] }, options).breached.includes('error-vs-persistence'));
      expect(firstBreach, `seed ${seed}`).toBeDefined();
    }
    const rng = mulberry32(1);
    const prior = sessions(rng, 250).returns;
    const t = testOf(judgeSkill(sessions(rng, 30, { forecast: (last) => last * 1.02 }).sessions, { priorReturns: prior, holdout: [] }, options), 'error-vs-persistence')!;
    expect(t.model).toBeGreaterThan(t.baseline);
    expect(t.detail).toMatch(/^MAPE \d+\.\d\d% vs persistence \d+\.\d\d% \(n=30, DM t=\d+\.\d\d, p(<0\.001|=0\.\d{3})\)$/);
    expect(t.adjustedPValue!).toBeGreaterThanOrEqual(t.pValue!);
  });

  it('does not breach a model that is better than persistence', () => {
    const rng = mulberry32(8);
    const live = sessions(rng, 60, { forecast: (last, actual) => last * (actual / last) ** 0.5 }).sessions;
    const t = testOf(judgeSkill(live, { priorReturns: [], holdout: [] }, options), 'error-vs-persistence')!;
    expect(t.breach).toBe(false);
    expect(t.pValue!).toBeGreaterThan(0.99);
  });
});

describe('judgeSkill: direction vs the naive rule chosen before the window', () => {
  // Prior: down, down, up repeated (always-down 67%, same-as-today 33%).
  // Live: 4 down (−1%), 3 up (+0.5%) repeated, a falling market where hindsight would pick
  // same-as-today (5 of 7 right) over always-down (4 of 7).
  const prior = Array.from({ length: 60 }, (_, i) => (i % 3 === 2 ? 0.01 : -0.01));
  const liveReturns = Array.from({ length: 42 }, (_, i) => (i % 7 < 4 ? -0.01 : 0.005));

  /** A model that says the opposite of same-as-today (right 2 of 7). */
  function contrarian(): JudgedSession[] {
    let previous = 100 * Math.exp(-prior[prior.length - 1]!);
    let last = 100;
    return liveReturns.map((r, i) => {
      const saysUp = !(last > previous);
      const s: JudgedSession = {
        date: dateOf(100 + i), previousClose: previous, lastClose: last, actualClose: last * Math.exp(r),
        forecastClose: last * Math.exp(saysUp ? 0.002 : -0.002), direction: saysUp ? 'up' : 'down', confidence: 0.55,
      };
      previous = last;
      last = s.actualClose;
      return s;
    });
  }

  it('breaches against always-down, chosen on the prior returns and not with hindsight', () => {
    expect(chooseNaiveDirectionRule(liveReturns).rule).toBe('same-as-today');
    const j = judgeSkill(contrarian(), { priorReturns: prior, holdout: [] }, options);
    const t = testOf(j, 'direction-vs-naive')!;
    expect(t.baselineName).toBe('always-down (chosen on 60 earlier sessions)');
    expect(t.baseline).toBeCloseTo(3 / 7, 12); // always-down misses the 3 up days of 7
    expect(t.model).toBeCloseTo(5 / 7, 12); // misses where same-as-today was right
    expect(t.breach).toBe(true);
    expect(j.breached).toContain('direction-vs-naive');
    expect(t.detail).toMatch(/^direction 28\.6% right vs always-down 57\.1% \(n=42, DM t=/);
  });

  it('uses previousClose for same-as-today', () => {
    // Chosen on a prior where same-as-today wins, the contrarian misses exactly where the rule hits.
    const trending = [0.01, 0.01, 0.01, -0.01, -0.01, -0.01, 0.01, 0.01, 0.01, -0.01, -0.01, -0.01];
    const t = testOf(judgeSkill(contrarian(), { priorReturns: trending, holdout: [] }, options), 'direction-vs-naive')!;
    expect(t.baselineName).toBe('same-as-today (chosen on 12 earlier sessions)');
    expect(t.model + t.baseline).toBeCloseTo(1, 12);
    expect(t.breach).toBe(true);
  });
});

describe('judgeSkill: Brier vs the base rate', () => {
  const prior = Array.from({ length: 100 }, (_, i) => (i % 5 < 3 ? 0.01 : -0.01)); // 60% up
  const live = (probabilityUpWhen: { up: number; down: number }): JudgedSession[] =>
    Array.from({ length: 40 }, (_, i) => {
      const up = i % 2 === 0;
      const p = up ? probabilityUpWhen.up : probabilityUpWhen.down;
      return {
        date: dateOf(200 + i), previousClose: 100, lastClose: 100, actualClose: up ? 101 : 99, forecastClose: 100,
        direction: p >= 0.5 ? 'up' : 'down', confidence: p >= 0.5 ? p : 1 - p,
      };
    });

  it('breaches a confidently wrong model', () => {
    // model: P(up) 0.1 on up days, 0.9 on down days → Brier 0.81; base rate 0.6: (0.4² + 0.6²)/2 = 0.26
    const t = testOf(judgeSkill(live({ up: 0.1, down: 0.9 }), { priorReturns: prior, holdout: [] }, options), 'brier-vs-base-rate')!;
    expect(t.model).toBeCloseTo(0.81, 12);
    expect(t.baseline).toBeCloseTo(0.26, 12);
    expect(t.baselineName).toBe('base rate 60.0% up (from 100 earlier sessions)');
    expect(t.breach).toBe(true);
    expect(t.detail).toMatch(/^Brier 0\.810 vs 0\.260 for base rate 60\.0% up \(n=40, DM t=/);
  });

  it('does not breach an informative one', () => {
    // P(up) 0.7 on up days, 0.3 on down days → Brier 0.09
    const t = testOf(judgeSkill(live({ up: 0.7, down: 0.3 }), { priorReturns: prior, holdout: [] }, options), 'brier-vs-base-rate')!;
    expect(t.model).toBeCloseTo(0.09, 12);
    expect(t.breach).toBe(false);
    expect(t.pValue!).toBeGreaterThan(0.99);
  });
});

describe('judgeSkill: skill drop against the own holdout', () => {
  /** A model that knew 70% of each move on its holdout (error 30% of persistence's). */
  const sharp = (last: number, actual: number) => last * (actual / last) ** 0.7;

  it('breaches when the live skill is far below the holdout skill, though not worse than persistence', () => {
    const rng = mulberry32(21);
    const holdout = sessions(rng, 120, { forecast: sharp }).sessions;
    const j = judgeSkill(sessions(rng, 60, { start: 300 }).sessions, { priorReturns: sessions(rng, 250).returns, holdout }, options);
    const t = testOf(j, 'skill-drop')!;
    expect(t.breach).toBe(true);
    expect(t.n).toBe(180);
    expect(t.baseline).toBeCloseTo(-0.7, 1); // MAPE 70% below persistence on the holdout
    expect(t.detail).toMatch(/^MAPE \d+\.\d% (above|below) persistence live vs \d+\.\d% below on the holdout \(n=60 live, 120 holdout, t=\d+\.\d\d, p/);
    expect(testOf(j, 'error-vs-persistence')!.breach).toBe(false);
  });

  it('does not breach while the live skill matches the holdout', () => {
    const rng = mulberry32(22);
    const holdout = sessions(rng, 120, { forecast: sharp }).sessions;
    const j = judgeSkill(sessions(rng, 60, { start: 300, forecast: sharp }).sessions, { priorReturns: [], holdout }, options);
    expect(testOf(j, 'skill-drop')!.breach).toBe(false);
  });
});

describe('judgeSkill: skill trend', () => {
  const trendOf = (earlier: Series, recent: Series) =>
    testOf(judgeSkill([...earlier.sessions, ...recent.sessions], { priorReturns: [], holdout: [] }, options), 'skill-trend')!;
  const mapeOf = (s: Series) => s.sessions.reduce((a, x) => a + Math.abs(x.forecastClose - x.actualClose) / x.actualClose, 0) / s.sessions.length;

  it('fires on a real skill collapse', () => {
    // 60 sessions as good as persistence, then 20 with a 3% bias (MAPE ~3% vs persistence ~0.85%)
    let fired = 0;
    for (let seed = 1; seed <= 50; seed++) {
      const rng = mulberry32(seed);
      const t = trendOf(sessions(rng, 60), sessions(rng, 20, { start: 60, forecast: (last) => last * 1.03 }));
      if (t.breach) fired++;
      expect(t.n).toBe(80);
    }
    expect(fired).toBeGreaterThanOrEqual(45);
  });

  it('does not fire when the market gets more volatile and both errors rise together', () => {
    let fired = 0;
    let mapeGrowth = 0;
    for (let seed = 1; seed <= 50; seed++) {
      const rng = mulberry32(seed);
      const calm = sessions(rng, 60, { sigma: 0.01 });
      const wild = sessions(rng, 20, { sigma: 0.016, start: 60 });
      mapeGrowth += mapeOf(wild) / mapeOf(calm) / 50;
      const t = trendOf(calm, wild);
      if (t.breach) fired++;
      if (seed === 1) expect(t.detail).toMatch(/^MAPE \d+\.\d% (above|below) persistence in the last 20 sessions vs \d+\.\d% (above|below) in the 60 before \(n=20\+60, t=-?\d+\.\d\d, p/);
    }
    expect(mapeGrowth).toBeGreaterThan(1.4); // the raw model MAPE rose by more than 40% on average
    expect(fired).toBeLessThanOrEqual(5);
  });
});

describe('a stored judgement', () => {
  it('survives JSON (no NaN or infinite numbers) and reads back whole; anything else reads as null', () => {
    // Every session rises 1%; the model says "down" with certainty and forecasts persistence:
    // it misses every day that always-up gets right, so the direction differences are all 1.
    const risingDays = (count: number, start: number): JudgedSession[] => Array.from({ length: count }, (_, i) => {
      const last = 100 * 1.01 ** i;
      return { date: dateOf(start + i), previousClose: last / 1.01, lastClose: last, forecastClose: last, actualClose: last * 1.01, direction: 'down', confidence: 1 };
    });
    const j = judgeSkill(risingDays(60, 100), { priorReturns: [0.01, 0.01, -0.01], holdout: risingDays(30, 0) }, options);
    expect(testOf(j, 'direction-vs-naive')).toMatchObject({ statistic: null, pValue: 0, breach: true });
    expect(testOf(j, 'direction-vs-naive')!.detail).toMatch(/DM t=\+∞, p<0\.001/);
    expect(testOf(j, 'error-vs-persistence')).toMatchObject({ statistic: 0, pValue: 1, breach: false });
    const stored = JSON.parse(JSON.stringify({ skill: j })) as Record<string, unknown>;
    expect(storedSkillJudgement(stored)).toEqual(j);
    expect(storedSkillJudgement({})).toBeNull();
    expect(storedSkillJudgement({ skill: { ...j, tests: [{ rule: 'error-vs-persistence' }] } })).toBeNull();
    expect(storedSkillJudgement(null)).toBeNull();
  });
});
