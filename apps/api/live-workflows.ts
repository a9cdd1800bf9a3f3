/**
 * The running retrains the dashboard polls (`GET /workflows`), kept for `ttlMs` (default 1 s)
 * so that many open tabs cost Temporal one listing a second; a failure is kept (briefly) as an
 * error message instead of failing the request. `invalidate()` after an action that changes them.
 */
import type { ApiActions, RunningWorkflow } from './actions.js';
import { KeptAnswer } from './kept-answer.js';
import type { ApiLogger } from './types.js';

export interface LiveWorkflowsView {
  workflows: RunningWorkflow[];
  /** Why the list is empty when it could not be read (Temporal down). */
  error?: string;
  fetchedAt: string | null;
}

export class LiveWorkflows {
  private readonly kept: KeptAnswer<LiveWorkflowsView>;
  /** The last failure logged: a dashboard polling a down Temporal logs it once, not every few seconds. */
  private loggedError: string | null = null;

  constructor(private readonly o: { actions?: ApiActions; now: () => Date; logger: ApiLogger; ttlMs?: number; errorTtlMs?: number }) {
    this.kept = new KeptAnswer({ fetch: () => this.fetch(), now: o.now, ttlMs: o.ttlMs ?? 1000, errorTtlMs: o.errorTtlMs ?? 5000 });
  }

  async get(): Promise<LiveWorkflowsView> {
    if (!this.o.actions) return { workflows: [], error: 'this API was started without Temporal actions', fetchedAt: null };
    return this.kept.get();
  }

  invalidate(): void {
    this.kept.invalidate();
  }

  private async fetch(): Promise<LiveWorkflowsView> {
    try {
      const view = { workflows: await this.o.actions!.running(), fetchedAt: this.o.now().toISOString() };
      this.loggedError = null;
      return view;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (message !== this.loggedError) this.o.logger.warn(`running workflows unavailable: ${message}`);
      this.loggedError = message;
      return { workflows: [], error: `running workflows unavailable: ${message}`, fetchedAt: this.o.now().toISOString() };
    }
  }
}
