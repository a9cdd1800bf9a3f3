import type { Client } from '@temporalio/client';
import { GENERAL_TASK_QUEUE, workflowIds } from '../common/constants';
import type { RefreshPricesInput, RefreshPricesResult } from '../common/wire';
import type { refreshPrices } from '../workflows';

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

export function runKeyNow(now = new Date()): string {
  return now.toISOString().replace(/[:.]/g, '-');
}
