import { describe, expect, it } from 'vitest';
import type { SkillJudgement, SkillTest } from '../../common/wire';
import { skillVerdict } from '../../monitoring';

const test = (over: Partial<SkillTest>): SkillTest => ({
  rule: 'error-vs-persistence', n: 41, model: 0.0231, baseline: 0.0205, baselineName: 'persistence', statistic: 2.9, pValue: 0.002,
  adjustedPValue: 0.004, breach: false, detail: 'MAPE 2.31% vs persistence 2.05% (n=41, DM t=2.90, p=0.004)', ...over,
});
const judgement = (tests: SkillTest[], note?: string): SkillJudgement => ({
  n: 41, from: '2025-01-02', to: '2025-03-03', alpha: 0.05, tests, breached: tests.filter((t) => t.breach).map((t) => t.rule), ...(note ? { note } : {}),
});

describe('skillVerdict', () => {
  it('names each breached rule with its detail', () => {
    expect(skillVerdict(judgement([test({ breach: true }), test({ rule: 'brier-vs-base-rate', detail: 'x' })])))
      .toBe('error-vs-persistence: MAPE 2.31% vs persistence 2.05% (n=41, DM t=2.90, p=0.004)');
  });

  it('says ok with n and the level when no rule is significant', () => {
    expect(skillVerdict(judgement([test({})]))).toBe('ok (n=41, no rule significant at 5%)');
  });

  it('says why nothing was judged, and when there is no champion', () => {
    expect(skillVerdict(judgement([], 'only 12 live sessions (< 20)'))).toBe('not judged: only 12 live sessions (< 20)');
    expect(skillVerdict(null)).toBe('no champion');
  });
});
