/**
 * The injected `scheduleInfo()` reaches Temporal, which may be slow or down; the dashboard
 * must not be. Results are kept for `ttlMs`, a call gets `timeoutMs`, and a failure is kept
 * (briefly) as an error message instead of failing the request.
 */
import type { ApiLogger, ScheduleInfo } from './types.js';

export interface SchedulesView {
  schedules: ScheduleInfo[] | null;
  /** Why `schedules` is null when a source was configured. */
  error?: string;
  fetchedAt: string | null;
}

export class ScheduleCache {
  private last: { view: SchedulesView; at: number } | null = null;
  private inFlight: Promise<SchedulesView> | null = null;

  constructor(private readonly o: {
    source?: () => Promise<ScheduleInfo[]>;
    now: () => Date;
    logger: ApiLogger;
    ttlMs?: number;
    errorTtlMs?: number;
    timeoutMs?: number;
  }) {}

  async get(): Promise<SchedulesView> {
    if (!this.o.source) return { schedules: null, fetchedAt: null };
    const now = this.o.now().getTime();
    if (this.last) {
      const ttl = this.last.view.error ? (this.o.errorTtlMs ?? 10_000) : (this.o.ttlMs ?? 30_000);
      if (now - this.last.at <= ttl) return this.last.view;
    }
    this.inFlight ??= this.fetch().finally(() => { this.inFlight = null; });
    return this.inFlight;
  }

  /** Forget the kept answer: the next get() asks Temporal (after pause, unpause or trigger). */
  invalidate(): void {
    this.last = null;
  }

  private async fetch(): Promise<SchedulesView> {
    const timeoutMs = this.o.timeoutMs ?? 2000;
    let timer: NodeJS.Timeout | undefined;
    let view: SchedulesView;
    try {
      const schedules = await Promise.race([
        this.o.source!(),
        new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs); }),
      ]);
      view = { schedules, fetchedAt: this.o.now().toISOString() };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.o.logger.warn(`schedules unavailable: ${message}`);
      view = { schedules: null, error: `schedules unavailable: ${message}`, fetchedAt: this.o.now().toISOString() };
    } finally {
      clearTimeout(timer);
    }
    this.last = { view, at: this.o.now().getTime() };
    return view;
  }
}
