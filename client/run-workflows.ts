import { WorkflowExecutionAlreadyStartedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { GENERAL_TASK_QUEUE, workflowIds } from '../common/constants';
import type { RefreshPricesInput, RefreshPricesResult, RetrainStatus, RetrainSymbolInput, TrainingProgress } from '../common/wire';
import type { refreshPrices, retrainSymbol } from '../workflows';

export interface StartOptions {
  taskQueue?: string;
  /** Distinguishes runs in workflow ids; a timestamp by default. */
  runKey?: string;
}

/** Runs `refreshPrices` and waits for its per-symbol outcomes. */
export async function runRefreshPrices(client: Client, input: RefreshPricesInput, options: StartOptions = {}): Promise<RefreshPricesResult> {
  return client.workflow.execute<typeof refreshPrices>('refreshPrices', {
    args: [input],
    taskQueue: options.taskQueue ?? GENERAL_TASK_QUEUE,
    workflowId: workflowIds.refreshPrices(options.runKey ?? runKeyNow()),
  });
}

export type StartRetrainResult =
  | { status: 'started'; handle: WorkflowHandle<typeof retrainSymbol> }
  | { status: 'already-running'; workflowId: string; runId?: string };

/**
 * Starts `retrainSymbol` under the id `retrain-SYMBOL`. While one is running for the symbol,
 * a second request is reported as already running instead of being run twice.
 */
export async function startRetrainSymbol(client: Client, input: RetrainSymbolInput, options: StartOptions = {}): Promise<StartRetrainResult> {
  const workflowId = workflowIds.retrainSymbol(input.symbol);
  try {
    const handle = await client.workflow.start<typeof retrainSymbol>('retrainSymbol', {
      args: [input],
      taskQueue: options.taskQueue ?? GENERAL_TASK_QUEUE,
      workflowId,
      workflowIdConflictPolicy: 'FAIL',
    });
    return { status: 'started', handle };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      const running = await client.workflow.getHandle(workflowId).describe().catch(() => undefined);
      return { status: 'already-running', workflowId, runId: running?.runId };
    }
    throw err;
  }
}

export interface RetrainProgress extends RetrainStatus {
  /** Epoch progress from the training activity's last heartbeat, while it trains. */
  training?: TrainingProgress;
  trainingAttempt?: number;
}

/** Stage (workflow query) plus epoch progress (the training activity's heartbeat details). */
export async function retrainProgress(client: Client, workflowId: string): Promise<RetrainProgress> {
  const handle = client.workflow.getHandle(workflowId);
  const [status, description] = await Promise.all([handle.query<RetrainStatus>('retrainStatus'), handle.describe()]);
  const pending = description.raw.pendingActivities?.find((a) => a.activityType?.name === 'trainChallenger');
  const payload = pending?.heartbeatDetails?.payloads?.[0];
  const training = payload ? (client.options.loadedDataConverter.payloadConverter.fromPayload(payload) as TrainingProgress) : undefined;
  return { ...status, training, trainingAttempt: pending?.attempt ?? undefined };
}

export function runKeyNow(now = new Date()): string {
  return now.toISOString().replace(/[:.]/g, '-');
}
