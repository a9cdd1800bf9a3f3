/** One line per champion for tables (CLI monitor, reports): what the skill judgement concluded. */
import type { SkillJudgement } from '../common/wire';

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
