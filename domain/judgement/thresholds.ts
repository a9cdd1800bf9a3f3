import type { Thresholds } from '../../config/index.js';
import type { LiveScore } from '../../common/wire/index.js';

/** Fewer live sessions than this and no performance judgement is made (noise, not signal). */
export const MIN_LIVE_SAMPLES = 20;

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** 'off': the threshold is not configured (the absolute thresholds are off by default). */
export type MetricStatus = 'ok' | 'warn' | 'breach' | 'unknown' | 'off';

/** The scores a judgement needs: live or holdout, with the sample size. */
export interface MetricSample {
  n: number | null;
  directionAccuracy: number | null;
  /** 95% interval of the direction accuracy, when known. */
  directionCi: readonly [number, number] | null;
  mape: number | null;
  meanConfidence: number | null;
}

/**
 * The one rule set for "is this metric past its threshold", shared by monitoring (alerts and
 * retrains), the API/dashboard and the CLI's status: nothing is judged below `minSamples`;
 * direction accuracy is a breach only when its whole 95% interval is below the threshold
 * ('warn' when just the point estimate is); MAPE and confidence are point estimates.
 */
export function judgeMetrics(s: MetricSample, t: Thresholds, minSamples = MIN_LIVE_SAMPLES): Record<'directionAccuracy' | 'mape' | 'meanConfidence', MetricStatus> {
  const enough = s.n !== null && s.n >= minSamples;
  const status = (value: number | null, threshold: number | null, breach: (v: number, t: number) => boolean, warn?: (v: number, t: number) => boolean): MetricStatus => {
    if (threshold === null) return 'off';
    if (value === null || !enough) return 'unknown';
    if (breach(value, threshold)) return 'breach';
    return warn?.(value, threshold) ? 'warn' : 'ok';
  };
  return {
    directionAccuracy: status(s.directionAccuracy, t.minDirectionAccuracy, (v, min) => (s.directionCi ? s.directionCi[1] : v) < min, (v, min) => v < min),
    mape: status(s.mape, t.maxMape, (v, max) => v > max),
    meanConfidence: status(s.meanConfidence, t.minConfidence, (v, min) => v < min),
  };
}

export interface ThresholdJudgement {
  breaches: string[];
  note?: string;
}

/**
 * Compares a champion's live performance with its thresholds. With fewer than
 * `minSamples` scored sessions nothing is judged. Direction accuracy is judged on its
 * Wilson interval: only when even the upper bound is below the threshold, so a handful of
 * unlucky days does not trigger a retrain; MAPE and confidence are point estimates.
 */
export function judgeLiveScore(live: LiveScore | null, thresholds: Thresholds, minSamples = MIN_LIVE_SAMPLES): ThresholdJudgement {
  if (!live || live.n === 0) return { breaches: [], note: 'no live sessions since the model was trained' };
  if (live.n < minSamples) return { breaches: [], note: `only ${live.n} live sessions (< ${minSamples}); not judged yet` };
  const status = judgeMetrics(live, thresholds, minSamples);
  const breaches: string[] = [];
  if (status.directionAccuracy === 'breach') {
    breaches.push(`direction accuracy ${pct(live.directionAccuracy)} [95% CI ${pct(live.directionCi[0])}–${pct(live.directionCi[1])}] < ${pct(thresholds.minDirectionAccuracy ?? 0)} (n=${live.n})`);
  }
  if (status.mape === 'breach') {
    breaches.push(`MAPE ${pct(live.mape)} > ${pct(thresholds.maxMape ?? 0)} (persistence ${pct(live.persistenceMape)}, n=${live.n})`);
  }
  if (status.meanConfidence === 'breach') {
    breaches.push(`mean confidence ${pct(live.meanConfidence)} < ${pct(thresholds.minConfidence ?? 0)} (n=${live.n})`);
  }
  return { breaches };
}

/** Age in whole days between a model's training time and `now`. */
export function modelAgeDays(trainedAt: string, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(trainedAt)) / 86_400_000);
}

/**
 * Start-up check of the optional absolute thresholds: one that a champion's own holdout already
 * breaches would raise an incident on every monitoring run, whatever the model's skill. Returns
 * one line per (symbol, threshold), e.g. "SMCI: holdout MAPE 5.8% > maxMape 5.0% (n=250) — …".
 */
export function holdoutThresholdWarnings(
  champions: ReadonlyArray<{ symbol: string; holdout: MetricSample }>, thresholdsFor: (symbol: string) => Thresholds,
): string[] {
  const out: string[] = [];
  for (const { symbol, holdout } of champions) {
    const t = thresholdsFor(symbol);
    const status = judgeMetrics(holdout, t, 1);
    const consequence = 'it would raise an incident on every monitoring run; judge skill against the baseline instead (set it to null)';
    if (status.directionAccuracy === 'breach') out.push(`${symbol}: holdout direction accuracy ${pct(holdout.directionAccuracy ?? 0)} is below minDirectionAccuracy ${pct(t.minDirectionAccuracy ?? 0)} (n=${holdout.n}); ${consequence}`);
    if (status.mape === 'breach') out.push(`${symbol}: holdout MAPE ${pct(holdout.mape ?? 0)} > maxMape ${pct(t.maxMape ?? 0)} (n=${holdout.n}); ${consequence}`);
    if (status.meanConfidence === 'breach') out.push(`${symbol}: holdout mean confidence ${pct(holdout.meanConfidence ?? 0)} < minConfidence ${pct(t.minConfidence ?? 0)} (n=${holdout.n}); ${consequence}`);
  }
  return out;
}
