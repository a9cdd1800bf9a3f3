import type { Thresholds } from '../config';
import type { LiveScore } from '../common/wire';

/** Fewer live sessions than this and no performance judgement is made (noise, not signal). */
export const MIN_LIVE_SAMPLES = 20;

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

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
  const breaches: string[] = [];
  if (live.directionCi[1] < thresholds.minDirectionAccuracy) {
    breaches.push(`direction accuracy ${pct(live.directionAccuracy)} [95% CI ${pct(live.directionCi[0])}–${pct(live.directionCi[1])}] < ${pct(thresholds.minDirectionAccuracy)} (n=${live.n})`);
  }
  if (live.mape > thresholds.maxMape) {
    breaches.push(`MAPE ${pct(live.mape)} > ${pct(thresholds.maxMape)} (persistence ${pct(live.persistenceMape)}, n=${live.n})`);
  }
  if (live.meanConfidence < thresholds.minConfidence) {
    breaches.push(`mean confidence ${pct(live.meanConfidence)} < ${pct(thresholds.minConfidence)} (n=${live.n})`);
  }
  return { breaches };
}

/** Age in whole days between a model's training time and `now`. */
export function modelAgeDays(trainedAt: string, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(trainedAt)) / 86_400_000);
}
