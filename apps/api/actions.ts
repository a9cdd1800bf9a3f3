/**
 * What the dashboard's buttons do, behind the action routes (routes/actions.ts): start a
 * `retrainSymbol` workflow, pause / unpause / trigger one of our schedules, acknowledge an
 * incident, and list the retrains running now with their stage and epoch (the workflow's
 * `retrainStatus` query and the training activity's heartbeat, client/retrainProgress).
 * `temporalActions` is the real implementation over the API's Temporal link; tests may inject
 * another `ApiActions`.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { retrainProgress, startRetrainSymbol } from '../../client/index.js';
import { pauseSchedule, triggerSchedule, unpauseSchedule, type ScheduleScope } from '../../schedules/index.js';
import { ApiError } from './errors.js';
import type { TemporalLink } from './temporal-link.js';

export interface RetrainRequest {
  symbol: string;
  quick: boolean;
  /** Train during market hours too (no durable wait for the close). */
  force: boolean;
  reason: string;
}

export interface RetrainStarted {
  symbol: string;
  /** `already-running`: a retrain of this symbol was going; no second one was started. */
  status: 'started' | 'already-running';
  workflowId: string;
  runId: string | null;
}

/** One running retrain as the dashboard shows it. */
export interface RunningWorkflow {
  symbol: string;
  workflowId: string;
  runId: string | null;
  type: 'retrainSymbol';
  stage: string;
  quick: boolean | null;
  reason: string | null;
  /** Epoch progress from the training activity's last heartbeat, while it trains. */
  epoch: number | null;
  epochs: number | null;
  trainingAttempt: number | null;
  challengerVersion: number | null;
  waitingUntil: string | null;
  error: string | null;
  parentWorkflowId: string | null;
}

export interface ApiActions {
  retrain(request: RetrainRequest): Promise<RetrainStarted>;
  /** The retrains running now (finished ones are left out), by symbol. */
  running(): Promise<RunningWorkflow[]>;
  pauseSchedule(id: string, note: string): Promise<void>;
  unpauseSchedule(id: string, note: string): Promise<void>;
  triggerSchedule(id: string): Promise<{ scheduleId: string; alreadyRunning: string[] }>;
  /** false when it already was acknowledged. */
  acknowledgeIncident(id: number): Promise<boolean>;
}

export interface TemporalActionsOptions {
  link: TemporalLink;
  /** The general task queue the worker polls (config.temporal.taskQueue). */
  taskQueue: string;
  /** Schedule ids' prefix (tests sharing one dev server); none in a deployment. */
  scheduleScope?: ScheduleScope;
  /** Where Temporal is, for the 503's message. */
  temporalAddress: string;
  acknowledgeIncident(id: number): boolean;
  now?: () => number;
}

/** Retrains started here are looked at directly for this long (visibility lags a start by a moment). */
const RECENT_MS = 120_000;
/** At most this many retrains are described per listing. */
const MAX_LISTED = 500;
const PARALLEL = 8;

export function temporalActions(o: TemporalActionsOptions): ApiActions {
  const now = o.now ?? Date.now;
  const recent = new Map<string, { runId: string | null; at: number }>();
  const client = async (): Promise<Client> => {
    try {
      return await o.link.client();
    } catch (err) {
      throw new ApiError(503, 'temporal_unavailable', `Temporal is not reachable at ${o.temporalAddress}: ${(err as Error).message}; start the stack (npm start) or check temporal.address`, { cause: err });
    }
  };
  const scope = o.scheduleScope ?? {};

  return {
    async retrain(request) {
      const c = await client();
      const started = await startRetrainSymbol(c, { symbol: request.symbol, reason: request.reason, quick: request.quick, force: request.force }, { taskQueue: o.taskQueue });
      const result: RetrainStarted = started.status === 'started'
        ? { symbol: request.symbol, status: 'started', workflowId: started.handle.workflowId, runId: firstRunId(started.handle) }
        : { symbol: request.symbol, status: 'already-running', workflowId: started.workflowId, runId: started.runId ?? null };
      recent.set(result.workflowId, { runId: result.runId, at: now() });
      return result;
    },

    async running() {
      const c = await client();
      for (const [id, r] of recent) if (now() - r.at > RECENT_MS) recent.delete(id);
      const ids = new Map<string, string | null>([...recent].map(([id, r]) => [id, r.runId]));
      const query = `WorkflowType = 'retrainSymbol' AND ExecutionStatus = 'Running' AND TaskQueue = '${o.taskQueue}'`;
      for await (const wf of c.workflow.list({ query, pageSize: 200 })) {
        ids.set(wf.workflowId, wf.runId);
        if (ids.size >= MAX_LISTED) break;
      }
      const rows = await mapLimited([...ids], PARALLEL, ([id, runId]) => progressOf(c, id, runId));
      return rows.filter((r): r is RunningWorkflow => r !== null).sort((a, b) => a.symbol.localeCompare(b.symbol));
    },

    async pauseSchedule(id, note) {
      await pauseSchedule(await client(), id, note, scope);
    },
    async unpauseSchedule(id, note) {
      await unpauseSchedule(await client(), id, note, scope);
    },
    async triggerSchedule(id) {
      const result = await triggerSchedule(await client(), id, scope);
      // The public id, without a test's prefix.
      return { scheduleId: id, alreadyRunning: result.alreadyRunning };
    },
    async acknowledgeIncident(id) {
      return o.acknowledgeIncident(id);
    },
  };
}

/** A retrain's stage and epochs; null when it finished (or no longer exists). */
async function progressOf(c: Client, workflowId: string, runId: string | null): Promise<RunningWorkflow | null> {
  const symbol = workflowId.replace(/^retrain-/, '');
  const base: RunningWorkflow = {
    symbol, workflowId, runId, type: 'retrainSymbol', stage: 'starting', quick: null, reason: null, epoch: null, epochs: null,
    trainingAttempt: null, challengerVersion: null, waitingUntil: null, error: null, parentWorkflowId: null,
  };
  try {
    const p = await retrainProgress(c, workflowId);
    if (p.stage === 'done' || p.stage === 'failed') return null;
    return {
      ...base,
      symbol: p.symbol,
      stage: p.stage,
      quick: p.quick,
      reason: p.reason,
      epoch: p.training?.epoch ?? null,
      epochs: p.training?.epochs ?? null,
      trainingAttempt: p.trainingAttempt ?? null,
      challengerVersion: p.challengerVersion ?? null,
      waitingUntil: p.waitingUntil ?? null,
      error: p.error ?? null,
      parentWorkflowId: p.parentWorkflowId ?? null,
    };
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return null;
    // The query fails until the first workflow task ran; a closed run answers describe as such.
    const description = await c.workflow.getHandle(workflowId).describe().catch(() => null);
    return description && description.status.name === 'RUNNING' ? base : null;
  }
}

/** The run id a start returned (client.workflow.start's handle carries it; startRetrainSymbol types the handle more loosely). */
function firstRunId(handle: object): string | null {
  return 'firstExecutionRunId' in handle && typeof handle.firstExecutionRunId === 'string' ? handle.firstExecutionRunId : null;
}

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
