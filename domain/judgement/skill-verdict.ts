/** What a champion's skill judgement concluded, as text: the long form with each breach's detail, and a short phrase. */
import type { SkillJudgement, SkillTest } from '../../common/wire/index.js';

/**
 * "worse than its baseline: …" for breached rules (each with its detail), "skill trend: …" for a
 * warning-only trend, "not judged: …" with the reason, else "ok (n=41, no rule significant at 5%)".
 */
export function skillVerdict(skill: SkillJudgement | null): string {
  if (!skill) return 'no champion';
  const breached = skill.tests.filter((t) => t.breach);
  if (breached.length) return breached.map((t) => `${t.rule}: ${t.detail}`).join('; ');
  if (skill.tests.length === 0) return `not judged: ${skill.note ?? 'no live sessions'}`;
  return `ok (n=${skill.n}, no rule significant at ${(skill.alpha * 100).toFixed(0)}%)`;
}

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
    case 'interval-coverage': return '80% interval under-covers';
  }
}

/** The short form for narrow tables (`stockflow status`): "ok (n=41)", "worse than persistence p=0.030" (Holm-adjusted p). */
export function skillPhrase(skill: SkillJudgement | null): string {
  if (!skill) return '—';
  if (skill.tests.length === 0) return `not judged: ${skill.note ?? 'no tests'}`;
  const breaches = skill.tests.filter((t) => t.breach);
  if (breaches.length === 0) return `ok (n=${skill.n})`;
  return breaches.map((t) => `${breachPhrase(t)} ${pText(t.adjustedPValue)}`).join('; ');
}
