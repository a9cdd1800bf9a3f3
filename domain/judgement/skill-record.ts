/**
 * Reading a skill judgement back from where monitoring stores it (`live_scores.details.skill`,
 * JSON): the API, the dashboard and the CLI show it. Anything that is not a judgement (an
 * older live score without one, or a damaged row) reads as null, never as a half object.
 */
import type { SkillJudgement } from '../../common/wire/index.js';

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isNumberOrNull = (x: unknown) => x === null || typeof x === 'number';

function isSkillTest(x: unknown): boolean {
  return isObject(x) && typeof x.rule === 'string' && typeof x.n === 'number' && typeof x.breach === 'boolean' && typeof x.detail === 'string'
    && typeof x.baselineName === 'string' && isNumberOrNull(x.pValue) && isNumberOrNull(x.adjustedPValue) && isNumberOrNull(x.statistic);
}

/** The judgement in a live score's details, or null when it has none (or not a valid one). */
export function storedSkillJudgement(details: Readonly<Record<string, unknown>> | null | undefined): SkillJudgement | null {
  const j = details?.skill;
  if (!isObject(j)) return null;
  const valid = typeof j.n === 'number' && typeof j.alpha === 'number'
    && (j.from === null || typeof j.from === 'string') && (j.to === null || typeof j.to === 'string')
    && Array.isArray(j.tests) && j.tests.every(isSkillTest)
    && Array.isArray(j.breached) && j.breached.every((r) => typeof r === 'string')
    && (j.note === undefined || typeof j.note === 'string');
  return valid ? (j as unknown as SkillJudgement) : null;
}
