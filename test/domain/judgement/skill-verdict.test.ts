import { describe, expect, it } from 'vitest';
import type { SkillJudgement, SkillTest } from '../../../common/wire/index.js';
import { skillPhrase, skillVerdict } from '../../../domain/judgement/index.js';

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

describe('skillPhrase (the status skill column)', () => {
  it('says ok with the sessions judged when nothing is breached', () => {
    expect(skillPhrase(judgement([test({}), test({ rule: 'brier-vs-base-rate', baselineName: 'base rate 52.0% up' })]))).toBe('ok (n=41)');
  });

  it('names each breached rule with its Holm-adjusted p', () => {
    const j = judgement([
      test({ breach: true, adjustedPValue: 0.004 }),
      test({ rule: 'direction-vs-naive', baselineName: 'always-down (chosen on 250 earlier sessions)', breach: true, adjustedPValue: 0.0004 }),
      test({ rule: 'skill-trend', baselineName: 'the 21 live sessions before', breach: false }),
      test({ rule: 'skill-drop', baselineName: 'own holdout skill (250 sessions)', breach: true, adjustedPValue: 0.049 }),
    ]);
    expect(skillPhrase(j)).toBe('worse than persistence p=0.004; direction worse than always-down p<0.001; skill below its holdout p=0.049');
  });

  it('says why nothing was judged, and — without a judgement', () => {
    expect(skillPhrase(judgement([], 'only 12 live sessions (< 20)'))).toBe('not judged: only 12 live sessions (< 20)');
    expect(skillPhrase(null)).toBe('—');
  });
});
