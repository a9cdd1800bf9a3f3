/**
 * DEPRECATED raw-error trend (kept only until monitoring's callers move to the 'skill-trend'
 * rule of skill.ts, which tests the loss differential against persistence instead): this one
 * compares raw MAPE between windows, so it fires when the market merely gets more volatile.
 */
import type { TrendAssessment } from '../common/wire';
import { normalQuantile } from './stats';

export interface ScoredDay {
  date: string;
  directionCorrect: boolean;
  /** |forecast − actual| / actual */
  ape: number;
}

export interface TrendOptions {
  /** Size of the recent window in sessions. */
  recentDays?: number;
  /** Minimum sessions in each window before anything is said. */
  minSamples?: number;
  /** One-sided significance level of the test. */
  alpha?: number;
}

/**
 * @deprecated Use judgeSkill's 'skill-trend' test (monitoring/skill.ts).
 * Degradation = the recent window is significantly worse than the earlier one: a one-sided
 * two-proportion z-test on direction hits, or a one-sided Welch t-test on absolute
 * percentage errors. Windows smaller than `minSamples` give no verdict, so ten noisy days
 * never raise an alarm.
 */
export function assessTrend(days: readonly ScoredDay[], options: TrendOptions = {}): TrendAssessment | null {
  const recentDays = options.recentDays ?? 20;
  const minSamples = options.minSamples ?? 20;
  const zCritical = normalQuantile(1 - (options.alpha ?? 0.05));
  const recent = days.slice(-recentDays);
  const earlier = days.slice(0, Math.max(0, days.length - recentDays));
  if (recent.length < minSamples || earlier.length < minSamples) return null;

  const hits = (w: readonly ScoredDay[]) => w.filter((d) => d.directionCorrect).length;
  const p1 = hits(earlier) / earlier.length;
  const p2 = hits(recent) / recent.length;
  const pooled = (hits(earlier) + hits(recent)) / (earlier.length + recent.length);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / earlier.length + 1 / recent.length));
  const zDirection = se > 0 ? (p1 - p2) / se : 0;

  const m1 = mean(earlier.map((d) => d.ape));
  const m2 = mean(recent.map((d) => d.ape));
  const seApe = Math.sqrt(variance(earlier.map((d) => d.ape)) / earlier.length + variance(recent.map((d) => d.ape)) / recent.length);
  const zApe = seApe > 0 ? (m2 - m1) / seApe : 0;

  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const findings: string[] = [];
  if (zDirection > zCritical) findings.push(`direction accuracy fell from ${pct(p1)} to ${pct(p2)} (z=${zDirection.toFixed(2)})`);
  if (zApe > zCritical) findings.push(`MAPE rose from ${pct(m1)} to ${pct(m2)} (z=${zApe.toFixed(2)})`);
  return {
    degrading: findings.length > 0,
    detail: findings.length > 0
      ? `recent ${recent.length} sessions vs earlier ${earlier.length}: ${findings.join('; ')}`
      : `no significant change: direction ${pct(p1)} → ${pct(p2)}, MAPE ${pct(m1)} → ${pct(m2)} (n=${earlier.length}+${recent.length})`,
    recentN: recent.length,
    earlierN: earlier.length,
  };
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function variance(xs: readonly number[]): number {
  const m = mean(xs);
  return xs.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, xs.length - 1);
}
