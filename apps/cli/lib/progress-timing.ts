/**
 * Elapsed time and an estimate of what is left, for the progress lines of `train`,
 * `quick-train`, `train-all` and `evaluate`: the estimate comes from the epochs done since a
 * fit was first seen (the rate of this machine, now), never from a guessed constant.
 */

/** "0:07", "12:34", "1:02:03". */
export function clock(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** " — 0:42 elapsed, ~1:30 left" (no estimate: elapsed alone). */
export function timing(elapsedMs: number, remainingMs: number | null): string {
  return ` — ${clock(elapsedMs)} elapsed${remainingMs === null ? '' : `, ~${clock(remainingMs)} left`}`;
}

/**
 * Per key (a symbol), the time left in its current fit: epochs to go × the time per epoch
 * observed since the fit was first seen. A fit that starts over (epoch goes back, or another
 * epoch count: the served refit after the evaluated fit) restarts the measurement.
 */
export class EpochEstimate {
  private readonly first = new Map<string, { at: number; epoch: number; epochs: number }>();

  observe(key: string, epoch: number, epochs: number, now: number): number | null {
    const seen = this.first.get(key);
    if (!seen || epoch < seen.epoch || epochs !== seen.epochs) {
      this.first.set(key, { at: now, epoch, epochs });
      return null;
    }
    if (epoch === seen.epoch) return null;
    const perEpoch = (now - seen.at) / (epoch - seen.epoch);
    return Math.max(0, epochs - epoch) * perEpoch;
  }

  forget(key: string): void {
    this.first.delete(key);
  }
}
