/**
 * The running retrains the dashboard polls (`GET /workflows`), kept for `ttlMs` (default 1 s)
 * so that many open tabs cost Temporal one listing a second; a failure is kept (briefly) as an
 * error message instead of failing the request. `invalidate()` after an action that changes them.
 */
import type { ApiActions, RunningWorkflow } from './actions.js';
import type { ApiLogger } from './types.js';

export interface LiveWorkflowsView {
  workflows: RunningWorkflow[];
  /** Why the list is empty when it could not be read (Temporal down). */
  error?: string;
  fetchedAt: string | null;
}

export class LiveWorkflows {
  private last: { view: LiveWorkflowsView; at: number } | null = null;
  private inFlight: Promise<LiveWorkflowsView> | null = null;
  /** The last failure logged: a dashboard polling a down Temporal logs it once, not every few seconds. */
  private loggedError: string | null = null;

  constructor(private readonly o: { actions?: ApiActions; now: () => Date; logger: ApiLogger; ttlMs?: number; errorTtlMs?: number }) {}

  async get(): Promise<LiveWorkflowsView> {
    if (!this.o.actions) return { workflows: [], error: 'this API was started without Temporal actions', fetchedAt: null };
    const now = this.o.now().getTime();
    if (this.last) {
      const ttl = this.last.view.error ? (this.o.errorTtlMs ?? 5000) : (this.o.ttlMs ?? 1000);
      if (now - this.last.at <= ttl) return this.last.view;
    }
    this.inFlight ??= this.fetch().finally(() => { this.inFlight = null; });
    return this.inFlight;
  }

  invalidate(): void {
    this.last = null;
  }

  private async fetch(): Promise<LiveWorkflowsView> {
    let view: LiveWorkflowsView;
    try {
      view = { workflows: await this.o.actions!.running(), fetchedAt: this.o.now().toISOString() };
      this.loggedError = null;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (message !== this.loggedError) this.o.logger.warn(`running workflows unavailable: ${message}`);
      this.loggedError = message;
      view = { workflows: [], error: `running workflows unavailable: ${message}`, fetchedAt: this.o.now().toISOString() };
    }
    this.last = { view, at: this.o.now().getTime() };
    return view;
  }
}
