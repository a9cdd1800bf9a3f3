/**
 * The "skill" column of `stockflow status`: one short phrase for a champion's stored skill
 * judgement — "ok (n=41)", "worse than persistence p=0.030", or why nothing was judged.
 * The p shown is Holm-adjusted (the one that decided the breach).
 */
import type { SkillJudgement, SkillTest } from '../../common/wire';

function pText(p: number | null): string {
  if (p === null) return 'p=?';
  return p < 0.001 ? 'p<0.001' : `p=${p.toFixed(3)}`;
}

/** What a breach of each rule means, in a few words. */
function breachPhrase(t: SkillTest): string {
  switch (t.rule) {
    case 'error-vs-persistence': return 'worse than persistence';
    case 'direction-vs-naive': return `direction worse than ${t.baselineName.split(' (')[0]}`;
    case 'brier-vs-base-rate': return 'Brier worse than base rate';
    case 'skill-drop': return 'skill below its holdout';
    case 'skill-trend': return 'skill falling';
  }
}

export function skillText(skill: SkillJudgement | null): string {
  if (!skill) return '—';
  if (skill.tests.length === 0) return `not judged: ${skill.note ?? 'no tests'}`;
  const breaches = skill.tests.filter((t) => t.breach);
  if (breaches.length === 0) return `ok (n=${skill.n})`;
  return breaches.map((t) => `${breachPhrase(t)} ${pText(t.adjustedPValue)}`).join('; ');
}
