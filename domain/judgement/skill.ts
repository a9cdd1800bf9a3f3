/**
 * Skill judgement of a champion (pure, no I/O): on the same live sessions, is the model
 * significantly worse than its naive baselines, or than its own holdout skill, or has its
 * skill collapsed recently? Each rule is a one-sided test; Holm's correction across the rules
 * of one judgement decides the breaches. "Honest but unimpressive" is never a breach.
 */
import type { JudgedSession, NaiveDirectionRule, SkillJudgement, SkillRule, SkillTest } from '../../common/wire/index.js';

export type { JudgedSession };
import { chooseNaiveDirectionRule } from '../../common/naive-direction.js';
export { chooseNaiveDirectionRule };
import { binomialLowerTail, dieboldMariano, holmAdjust, mean, ratioOfMeans, twoSampleGreater, type Estimate } from './stats.js';

export interface SkillContext {
  /** Log returns of sessions BEFORE the live window (oldest first): the naive direction rule and the base
   *  rate of up days are chosen on these — never on the live window (no hindsight). */
  priorReturns: readonly number[];
  /** The champion's out-of-sample holdout sessions (walk-forward), for 'skill-drop'. May be empty. */
  holdout: readonly JudgedSession[];
}

export interface SkillOptions {
  /** One-sided significance level, compared with the Holm-adjusted p-values. */
  alpha: number;
  /** Fewer live sessions: nothing judged. Also the least holdout and earlier-window size. */
  minSessions: number;
  /** Recent window of skill-trend (default 20). */
  trendRecent?: number;
}

export const DEFAULT_TREND_RECENT = 20;

/** The direction convention of model/baselines.ts: a log return > 0 is up, anything else is down. */
const isUp = (logReturn: number) => logReturn > 0;

/** What a rule found before Holm's correction, or why it could not be tested. */
type RuleDraft = Omit<SkillTest, 'adjustedPValue' | 'breach'>;
type RuleResult = RuleDraft | { rule: SkillRule; skipped: string };
const isSkipped = (r: RuleResult): r is { rule: SkillRule; skipped: string } => 'skipped' in r;

/**
 * Judges the live sessions (oldest first) with every skill rule. Fewer than
 * `options.minSessions` (at least 2) live sessions: no tests, and `note` says why. A rule that
 * cannot be tested (too small a holdout or earlier window) has no entry in `tests`, is not
 * part of Holm's family, and `note` names it with the reason.
 */
export function judgeSkill(live: readonly JudgedSession[], context: SkillContext, options: SkillOptions): SkillJudgement {
  checkOptions(options);
  checkSessions(live, 'live');
  checkSessions(context.holdout, 'holdout');
  const n = live.length;
  const base = { n, from: live[0]?.date ?? null, to: live.at(-1)?.date ?? null, alpha: options.alpha };
  const minSessions = Math.max(2, options.minSessions);
  if (n < minSessions) {
    return { ...base, tests: [], breached: [], note: n === 0 ? 'no live sessions yet' : `only ${n} live sessions (< ${minSessions})` };
  }
  const results: RuleResult[] = [
    errorVsPersistence(live),
    directionVsNaive(live, context.priorReturns),
    brierVsBaseRate(live, context.priorReturns),
    skillDrop(live, context.holdout, minSessions),
    skillTrend(live, options.trendRecent ?? DEFAULT_TREND_RECENT, minSessions),
    // Not a rule for forecasts stored before intervals (no live session carries one).
    ...(live.some((s) => s.p80 !== undefined) ? [intervalCoverage(live, minSessions)] : []),
  ];
  const drafts = results.filter((r): r is RuleDraft => !isSkipped(r));
  const adjusted = holmAdjust(drafts.map((r) => r.pValue));
  const tests: SkillTest[] = drafts.map((r, i) => {
    const adjustedPValue = adjusted[i] ?? null;
    return { ...r, adjustedPValue, breach: adjustedPValue !== null && adjustedPValue < options.alpha };
  });
  const skipped = results.filter(isSkipped).map((r) => `${r.rule}: ${r.skipped}`);
  return {
    ...base,
    tests,
    breached: tests.filter((t) => t.breach).map((t) => t.rule),
    ...(skipped.length ? { note: `not judged — ${skipped.join('; ')}` } : {}),
  };
}

function checkOptions(o: SkillOptions): void {
  if (!(o.alpha > 0 && o.alpha < 1)) throw new RangeError(`skill options: alpha must be in (0, 1), got ${o.alpha}`);
  if (!Number.isInteger(o.minSessions) || o.minSessions < 1) throw new RangeError(`skill options: minSessions must be a whole number ≥ 1, got ${o.minSessions}`);
  if (o.trendRecent !== undefined && (!Number.isInteger(o.trendRecent) || o.trendRecent < 2)) {
    throw new RangeError(`skill options: trendRecent must be a whole number ≥ 2, got ${o.trendRecent}`);
  }
}

function checkSessions(sessions: readonly JudgedSession[], what: string): void {
  sessions.forEach((s, i) => {
    const where = `${what} session ${i} (${s.date})`;
    for (const field of ['previousClose', 'lastClose', 'forecastClose', 'actualClose'] as const) {
      if (!(Number.isFinite(s[field]) && s[field] > 0)) throw new RangeError(`${where}: ${field} must be a positive finite price, got ${s[field]}`);
    }
    if (s.direction !== 'up' && s.direction !== 'down') throw new RangeError(`${where}: direction must be 'up' or 'down', got ${String(s.direction)}`);
    if (!(s.confidence >= 0 && s.confidence <= 1)) throw new RangeError(`${where}: confidence must be a probability in [0, 1], got ${s.confidence}`);
    if (s.p80 !== undefined && !(Number.isFinite(s.p80.low) && Number.isFinite(s.p80.high) && s.p80.low > 0 && s.p80.low < s.p80.high)) {
      throw new RangeError(`${where}: p80 must be a price interval with 0 < low < high, got ${JSON.stringify(s.p80)}`);
    }
    const previous = sessions[i - 1];
    if (previous && !(s.date > previous.date)) throw new RangeError(`${where}: sessions must be in increasing date order (after ${previous.date})`);
  });
}

const modelApe = (s: JudgedSession) => Math.abs(s.forecastClose - s.actualClose) / s.actualClose;
const persistenceApe = (s: JudgedSession) => Math.abs(s.lastClose - s.actualClose) / s.actualClose;
const wentUp = (s: JudgedSession) => isUp(Math.log(s.actualClose / s.lastClose));
const probabilityUp = (s: JudgedSession) => (s.direction === 'up' ? s.confidence : 1 - s.confidence);

function naiveSaysUp(rule: NaiveDirectionRule, s: JudgedSession): boolean {
  if (rule === 'always-up') return true;
  if (rule === 'always-down') return false;
  return isUp(Math.log(s.lastClose / s.previousClose));
}

const pct = (x: number, digits = 1) => `${(x * 100).toFixed(digits)}%`;
const tText = (t: number) => (Number.isFinite(t) ? t.toFixed(2) : t > 0 ? '+∞' : '−∞');
const pText = (p: number) => (p < 0.001 ? 'p<0.001' : `p=${p.toFixed(3)}`);
const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);

/** A paired rule: per-session losses of the model and its baseline, compared with Diebold–Mariano. */
function pairedRule(rule: SkillRule, modelLoss: number[], baselineLoss: number[], baselineName: string, describe: (model: number, baseline: number) => string): RuleDraft {
  if (modelLoss.length !== baselineLoss.length) throw new RangeError(`${rule}: ${modelLoss.length} model losses but ${baselineLoss.length} baseline losses`);
  const dm = dieboldMariano(modelLoss.map((m, t) => m - baselineLoss[t]!));
  const model = mean(modelLoss);
  const baseline = mean(baselineLoss);
  return {
    rule, n: dm.n, model, baseline, baselineName,
    statistic: finiteOrNull(dm.statistic), pValue: dm.pValue,
    detail: `${describe(model, baseline)} (n=${dm.n}, DM t=${tText(dm.statistic)}, ${pText(dm.pValue)})`,
  };
}

/** Absolute percentage error of the close vs persistence (forecast = last close). */
function errorVsPersistence(live: readonly JudgedSession[]): RuleResult {
  return pairedRule('error-vs-persistence', live.map(modelApe), live.map(persistenceApe), 'persistence',
    (m, b) => `MAPE ${pct(m, 2)} vs persistence ${pct(b, 2)}`);
}

/** 0/1 misses of the model's direction vs the naive rule chosen on the sessions before. */
function directionVsNaive(live: readonly JudgedSession[], priorReturns: readonly number[]): RuleResult {
  const { rule, n } = chooseNaiveDirectionRule(priorReturns);
  const name = n > 0 ? `${rule} (chosen on ${n} earlier sessions)` : `${rule} (default: no earlier sessions to choose on)`;
  const miss = (saysUp: boolean, s: JudgedSession) => (saysUp === wentUp(s) ? 0 : 1);
  return pairedRule('direction-vs-naive', live.map((s) => miss(s.direction === 'up', s)), live.map((s) => miss(naiveSaysUp(rule, s), s)), name,
    (m, b) => `direction ${pct(1 - m)} right vs ${rule} ${pct(1 - b)}`);
}

/** Brier score of the model's P(up) vs always saying the base rate of up days from before. */
function brierVsBaseRate(live: readonly JudgedSession[], priorReturns: readonly number[]): RuleResult {
  const { accuracy, n } = chooseNaiveDirectionRule(priorReturns);
  const baseRate = n > 0 ? accuracy['always-up'] : 0.5;
  const name = `base rate ${pct(baseRate)} up ${n > 0 ? `(from ${n} earlier sessions)` : '(default: no earlier sessions)'}`;
  const brier = (p: number, s: JudgedSession) => (p - (wentUp(s) ? 1 : 0)) ** 2;
  return pairedRule('brier-vs-base-rate', live.map((s) => brier(probabilityUp(s), s)), live.map((s) => brier(baseRate, s)), name,
    (m, b) => `Brier ${m.toFixed(3)} vs ${b.toFixed(3)} for base rate ${pct(baseRate)} up`);
}

/**
 * Relative skill of a stretch of sessions: MAPE(model)/MAPE(persistence) − 1 (> 0: worse than
 * persistence), with its delta-method HAC variance. Relative, so a calmer or wilder market
 * that scales both errors alike leaves it unchanged. null when persistence made no error.
 */
function relativeSkill(sessions: readonly JudgedSession[]): Estimate | null {
  const ratio = ratioOfMeans(sessions.map(modelApe), sessions.map(persistenceApe));
  return ratio && { ...ratio, estimate: ratio.estimate - 1 };
}

/** "6.1% above" / "0.4% below" (persistence). */
const relativeText = (x: number) => `${pct(Math.abs(x))} ${x >= 0 ? 'above' : 'below'}`;

/** Two stretches of sessions: is the relative skill of `now` significantly worse than `before`? */
function skillComparison(rule: SkillRule, now: readonly JudgedSession[], before: readonly JudgedSession[], baselineName: string, describe: (now: string, before: string) => string, counts: string): RuleResult {
  const a = relativeSkill(now);
  const b = relativeSkill(before);
  if (!a || !b) return { rule, skipped: 'persistence made no error on a window (prices unchanged), so relative skill is undefined' };
  const test = twoSampleGreater(a, b);
  return {
    rule, n: now.length + before.length, model: a.estimate, baseline: b.estimate, baselineName,
    statistic: finiteOrNull(test.statistic), pValue: test.pValue,
    detail: `${describe(relativeText(a.estimate), relativeText(b.estimate))} (${counts}, t=${tText(test.statistic)}, ${pText(test.pValue)})`,
  };
}

/** The live relative skill vs the same on the model's own holdout (walk-forward) sessions. */
function skillDrop(live: readonly JudgedSession[], holdout: readonly JudgedSession[], minSessions: number): RuleResult {
  if (holdout.length < minSessions) return { rule: 'skill-drop', skipped: `only ${holdout.length} holdout sessions (< ${minSessions})` };
  return skillComparison('skill-drop', live, holdout, `own holdout skill (${holdout.length} sessions)`,
    (now, before) => `MAPE ${now} persistence live vs ${before} on the holdout`,
    `n=${live.length} live, ${holdout.length} holdout`);
}

/** Change detection: the relative skill of the last `recent` live sessions vs the live sessions before them. */
function skillTrend(live: readonly JudgedSession[], recentSize: number, minSessions: number): RuleResult {
  const recent = live.slice(-recentSize);
  const earlier = live.slice(0, Math.max(0, live.length - recentSize));
  if (recent.length < recentSize || earlier.length < minSessions) {
    return { rule: 'skill-trend', skipped: `only ${live.length} live sessions (< ${recentSize} recent + ${minSessions} earlier)` };
  }
  return skillComparison('skill-trend', recent, earlier, `the ${earlier.length} live sessions before`,
    (now, before) => `MAPE ${now} persistence in the last ${recent.length} sessions vs ${before} in the ${earlier.length} before`,
    `n=${recent.length}+${earlier.length}`);
}

/** Nominal level of the interval the coverage rule judges. */
export const JUDGED_INTERVAL_LEVEL = 0.8;

/**
 * Live coverage of the stored 80% close intervals: is it significantly below 80%? Exact
 * one-sided binomial test, P(X ≤ hits | n, 0.8). Only sessions whose forecast stored an interval
 * count; fewer than `minSessions` of them: not judged.
 */
function intervalCoverage(live: readonly JudgedSession[], minSessions: number): RuleResult {
  const withInterval = live.filter((s): s is JudgedSession & { p80: { low: number; high: number } } => s.p80 !== undefined);
  const n = withInterval.length;
  if (n < minSessions) return { rule: 'interval-coverage', skipped: `only ${n} live sessions with a stored 80% interval (< ${minSessions})` };
  const hits = withInterval.filter((s) => s.actualClose >= s.p80.low && s.actualClose <= s.p80.high).length;
  const coverage = hits / n;
  const pValue = binomialLowerTail(hits, n, JUDGED_INTERVAL_LEVEL);
  const expected = n * JUDGED_INTERVAL_LEVEL;
  const sd = Math.sqrt(n * JUDGED_INTERVAL_LEVEL * (1 - JUDGED_INTERVAL_LEVEL));
  return {
    rule: 'interval-coverage', n, model: coverage, baseline: JUDGED_INTERVAL_LEVEL, baselineName: 'nominal 80% coverage',
    statistic: (expected - hits) / sd, pValue,
    detail: `80% interval covered ${hits} of ${n} closes (${pct(coverage)}) vs nominal 80% (exact binomial, ${pText(pValue)})`,
  };
}
