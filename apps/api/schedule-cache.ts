/**
 * The injected `scheduleInfo()` reaches Temporal, which may be slow or down; the dashboard
 * must not be. Results are kept for `ttlMs`, a call gets `timeoutMs`, and a failure is kept
 * (briefly) as an error message instead of failing the request.
 */
import { KeptAnswer } from './kept-answer.js';
import type { ApiLogger, ScheduleInfo } from './types.js';

export interface SchedulesView {
  schedules: ScheduleInfo[] | null;
  /** Why `schedules` is null when a source was configured. */
  error?: string;
  fetchedAt: string | null;
}

export class ScheduleCache {
  private readonly kept: KeptAnswer<SchedulesView>;

  constructor(private readonly o: {
    source?: () => Promise<ScheduleInfo[]>;
    now: () => Date;
    logger: ApiLogger;
    ttlMs?: number;
    errorTtlMs?: number;
    timeoutMs?: number;
  }) {
    this.kept = new KeptAnswer({ fetch: () => this.fetch(), now: o.now, ttlMs: o.ttlMs ?? 30_000, errorTtlMs: o.errorTtlMs ?? 10_000 });
  }

  async get(): Promise<SchedulesView> {
    if (!this.o.source) return { schedules: null, fetchedAt: null };
    return this.kept.get();
  }

  /** Forget the kept answer: the next get() asks Temporal (after pause, unpause or trigger). */
  invalidate(): void {
    this.kept.invalidate();
  }

  private async fetch(): Promise<SchedulesView> {
    const timeoutMs = this.o.timeoutMs ?? 2000;
    let timer: NodeJS.Timeout | undefined;
    try {
      const schedules = await Promise.race([
        this.o.source!(),
        new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs); }),
      ]);
      return { schedules, fetchedAt: this.o.now().toISOString() };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.o.logger.warn(`schedules unavailable: ${message}`);
      return { schedules: null, error: `schedules unavailable: ${message}`, fetchedAt: this.o.now().toISOString() };
    } finally {
      clearTimeout(timer);
    }
  }
}
