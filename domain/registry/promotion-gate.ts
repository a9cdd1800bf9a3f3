/**
 * The promotion gate: a pure function from scores to a decision with a reason a person can
 * read. No I/O — the caller evaluates champion, challenger and the naive baseline on the
 * same days and passes the numbers in; the registry records what was decided.
 *
 * Rules, in order:
 *  1. The challenger must have loaded and predicted.
 *  2. No champion (or a champion that could not be scored) → promote, subject to rule 4.
 *  3. Challenger and champion must have been scored on the same days (same n and range);
 *     then challenger MAPE ≤ champion MAPE·(1 + championMape margin) and challenger
 *     direction accuracy ≥ champion's − championDirection margin (absolute, in fractions) —
 *     the direction comparison is not enforced when the champion itself fails rule 4's MAPE
 *     limit and the challenger's MAPE is lower (a biased champion is not protected by the
 *     direction accuracy of always saying "up").
 *  4. Against the naive baseline on those days: MAPE ≤ baseline·(1 + baselineMape) and
 *     direction accuracy ≥ baseline − baselineDirection. With `checkBaseline: false` the
 *     comparison is still computed and reported, but does not block.
 * All metric values are fractions (0.021 = 2.1 %).
 */
import { ConfigError } from '../../common/errors.js';
import type { EvaluationSummary } from '../../common/wire/index.js';

/**
 * The part of an evaluation (`EvaluationSummary`, the one wire form) the gate reads: MAPE,
 * direction accuracy, the number of evaluation days, and — when known — the first and last
 * day (YYYY-MM-DD), compared for "same days". A whole summary can be passed as is.
 */
export type GateScores = Pick<EvaluationSummary, 'mape' | 'directionAccuracy' | 'n'> & Partial<Pick<EvaluationSummary, 'from' | 'to'>>;

export interface BaselineScores {
  /** Persistence (tomorrow = today) MAPE on the same days. */
  mape: number;
  /** Best naive direction rule's accuracy on the same days. */
  directionAccuracy: number;
}

export interface PromotionMargins {
  /** Relative: challenger MAPE may exceed the champion's by this fraction (0.05 = 5 %). */
  championMape: number;
  /** Absolute: challenger direction accuracy may be this far below the champion's (0.02 = 2 pts). */
  championDirection: number;
  /** Relative: challenger MAPE may exceed the baseline's by this fraction. */
  baselineMape: number;
  /** Absolute: challenger direction accuracy may be this far below the baseline's. */
  baselineDirection: number;
}

export const DEFAULT_PROMOTION_MARGINS: PromotionMargins = {
  championMape: 0.05,
  championDirection: 0.02,
  baselineMape: 0.1,
  baselineDirection: 0.05,
};

export interface PromotionInput {
  challenger: {
    version?: number;
    loaded: boolean;
    predicted: boolean;
    scores: GateScores | null;
    /** Why it did not load/predict, for the reason text. */
    error?: string;
  };
  /** Null when the symbol has no champion yet. */
  champion: {
    version: number;
    /** Null when the champion could not be scored (e.g. failed to load). */
    scores: GateScores | null;
    error?: string;
  } | null;
  /** Naive baseline on the same days; required unless `checkBaseline` is false. */
  baseline?: BaselineScores | null;
  /** Shorthand for both champion margins (MAPE relative, direction absolute). */
  margin?: number;
  margins?: Partial<PromotionMargins>;
  /** Enforce the baseline comparison (default true). False = report it only. */
  checkBaseline?: boolean;
}

export interface PromotionComparison {
  against: 'champion' | 'baseline';
  metric: 'mape' | 'directionAccuracy';
  challenger: number;
  reference: number;
  /** The worst challenger value that still passes. */
  limit: number;
  margin: number;
  passed: boolean;
  /** False when the comparison is reported only (baseline check disabled). */
  enforced: boolean;
  text: string;
}

export interface PromotionDecision {
  promote: boolean;
  reason: string;
  challengerVersion: number | null;
  championVersion: number | null;
  comparisons: PromotionComparison[];
  margins: PromotionMargins;
  checkedBaseline: boolean;
}

export function decidePromotion(input: PromotionInput): PromotionDecision {
  const margins = resolveMargins(input);
  const checkBaseline = input.checkBaseline ?? true;
  const { challenger, champion } = input;
  const cName = challenger.version !== undefined ? `challenger v${challenger.version}` : 'challenger';
  const base = {
    challengerVersion: challenger.version ?? null,
    championVersion: champion?.version ?? null,
    margins,
    checkedBaseline: checkBaseline,
  };
  const keep = (why: string, comparisons: PromotionComparison[] = []): PromotionDecision => ({
    ...base,
    promote: false,
    reason: champion ? `kept champion v${champion.version}: ${why}` : `no promotion: ${why}`,
    comparisons,
  });

  if (!challenger.loaded) return keep(`${cName} failed to load${suffix(challenger.error)}`);
  if (!challenger.predicted) return keep(`${cName} failed to predict${suffix(challenger.error)}`);

  const comparisons: PromotionComparison[] = [];
  const notes: string[] = [];
  const cs = challenger.scores;
  const scoresProblem = cs ? invalidScores(cs) : 'has no evaluation scores';

  if (champion && champion.scores) {
    if (scoresProblem) return keep(`${cName} ${scoresProblem}`);
    const hs = champion.scores;
    const hsProblem = invalidScores(hs);
    if (hsProblem) return keep(`champion v${champion.version} ${hsProblem}; cannot compare`);
    const sameDays = sameEvaluationDays(cs!, hs);
    if (sameDays !== true) return keep(`challenger and champion were not scored on the same days (${sameDays})`);
    // A champion that is itself clearly worse than persistence on these days (rule 4's limit)
    // cannot hold back a challenger with a lower error through its direction accuracy: a
    // biased "always up" model scores the up-day share on direction while missing every close.
    const baselineMapeLimit = input.baseline && Number.isFinite(input.baseline.mape) ? input.baseline.mape * (1 + margins.baselineMape) : null;
    const championUnfit = baselineMapeLimit !== null && hs.mape > baselineMapeLimit && cs!.mape < hs.mape;
    if (championUnfit) {
      notes.push(`champion v${champion.version} is itself worse than persistence (MAPE ${pct(hs.mape, 2)} > ${pct(baselineMapeLimit, 2)}), so its direction accuracy does not hold back a challenger with a lower MAPE`);
    }
    comparisons.push(
      compareMape('champion', cs!.mape, hs.mape, margins.championMape, true),
      compareDirection('champion', cs!.directionAccuracy, hs.directionAccuracy, margins.championDirection, !championUnfit),
    );
  } else if (champion) {
    notes.push(`champion v${champion.version} could not be scored${suffix(champion.error)}`);
  } else {
    notes.push('no champion yet');
  }

  const baseline = input.baseline ?? null;
  if (baseline && cs && !scoresProblem) {
    const bProblem = [baseline.mape, baseline.directionAccuracy].every(Number.isFinite) ? null : 'baseline scores are not finite numbers';
    if (bProblem) {
      if (checkBaseline) return keep(bProblem, comparisons);
      notes.push(bProblem);
    } else {
      comparisons.push(
        compareMape('baseline', cs.mape, baseline.mape, margins.baselineMape, checkBaseline),
        compareDirection('baseline', cs.directionAccuracy, baseline.directionAccuracy, margins.baselineDirection, checkBaseline),
      );
    }
  } else if (checkBaseline) {
    if (scoresProblem) return keep(`${cName} ${scoresProblem}; the baseline check needs them`, comparisons);
    return keep('no baseline scores on the evaluation days (pass checkBaseline: false to skip the check)', comparisons);
  } else {
    notes.push(scoresProblem ? `${cName} ${scoresProblem}` : 'baseline not supplied');
  }

  const failed = comparisons.filter((c) => c.enforced && !c.passed);
  if (failed.length > 0) return keep(failed.map((c) => c.text).join('; '), comparisons);

  const reported = comparisons.filter((c) => !c.enforced && !c.passed).map((c) => `${c.text} [not enforced]`);
  const passedText = comparisons.filter((c) => c.enforced).map((c) => c.text);
  const head = champion ? `promoted ${cName} over champion v${champion.version}` : `promoted ${cName}`;
  return {
    ...base,
    promote: true,
    reason: `${head}: ${[...notes, ...passedText, ...reported].join('; ') || 'loaded and predicted'}`,
    comparisons,
  };
}

function resolveMargins(input: PromotionInput): PromotionMargins {
  const m: PromotionMargins = { ...DEFAULT_PROMOTION_MARGINS };
  if (input.margin !== undefined) {
    m.championMape = input.margin;
    m.championDirection = input.margin;
  }
  Object.assign(m, input.margins ?? {});
  for (const [field, value] of Object.entries(m)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
      throw new ConfigError(`promotion margin ${field}`, value, 'a fraction between 0 and 1 (0.05 = 5 %)', 'promotion gate');
    }
  }
  return m;
}

function invalidScores(s: GateScores): string | null {
  if (![s.mape, s.directionAccuracy, s.n].every(Number.isFinite)) return 'has scores that are not finite numbers';
  if (s.n <= 0) return 'was scored on 0 days';
  return null;
}

function sameEvaluationDays(a: GateScores, b: GateScores): true | string {
  if (a.n !== b.n) return `n ${a.n} vs ${b.n}`;
  if (a.from !== undefined && b.from !== undefined && a.from !== b.from) return `from ${a.from} vs ${b.from}`;
  if (a.to !== undefined && b.to !== undefined && a.to !== b.to) return `to ${a.to} vs ${b.to}`;
  return true;
}

function compareMape(against: 'champion' | 'baseline', challenger: number, reference: number, margin: number, enforced: boolean): PromotionComparison {
  const limit = reference * (1 + margin);
  // Tolerate float noise: a challenger exactly at the limit passes.
  const passed = challenger <= limit + 1e-12;
  const change = reference > 0 ? challenger / reference - 1 : challenger > 0 ? Infinity : 0;
  const rel = Number.isFinite(change) ? `${change >= 0 ? '+' : '−'}${pct(Math.abs(change), 1)}` : '+∞';
  const verdict = passed ? `within margin ${pct(margin, 1)}` : `> margin ${pct(margin, 1)}`;
  return {
    against,
    metric: 'mape',
    challenger,
    reference,
    limit,
    margin,
    passed,
    enforced,
    text: `challenger MAPE ${pct(challenger, 2)} vs ${against} ${pct(reference, 2)} (${rel} ${verdict})`,
  };
}

function compareDirection(against: 'champion' | 'baseline', challenger: number, reference: number, margin: number, enforced: boolean): PromotionComparison {
  const limit = reference - margin;
  // Tolerate float noise: 0.55 - 0.02 must accept 0.53.
  const passed = challenger >= limit - 1e-12;
  const diff = (challenger - reference) * 100;
  const pts = `${diff >= 0 ? '+' : '−'}${trim(Math.abs(diff).toFixed(1))} pts`;
  const verdict = passed ? `within margin ${trim((margin * 100).toFixed(1))} pts` : `> margin ${trim((margin * 100).toFixed(1))} pts`;
  return {
    against,
    metric: 'directionAccuracy',
    challenger,
    reference,
    limit,
    margin,
    passed,
    enforced,
    text: `challenger direction accuracy ${pct(challenger, 1)} vs ${against} ${pct(reference, 1)} (${pts} ${verdict})`,
  };
}

function pct(fraction: number, digits: number): string {
  return `${trim((fraction * 100).toFixed(digits))}%`;
}

function trim(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

function suffix(error: string | undefined): string {
  return error ? ` (${error})` : '';
}
