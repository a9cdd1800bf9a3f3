import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, DefaultLogger } from '@temporalio/worker';
import { inject } from 'vitest';
import type { ActivityDeps } from '../../activities/index.js';
import { createWorkers } from '../../worker/create-workers.js';

let runtimeInstalled = false;
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // already installed by another helper in this process
  }
}

export interface WorkerContext {
  client: Client;
  taskQueue: string;
}

/**
 * A client on the shared test dev server (or on `address`, e.g. a test's private server).
 * Close with `client.connection.close()`.
 */
export async function testClient(address: string = inject('temporalAddress')): Promise<Client> {
  const connection = await Connection.connect({ address });
  return new Client({ connection });
}

/**
 * Runs `fn` while real workers (general + training queue, the prebuilt test bundle) poll a
 * task queue unique to this call on the shared dev server — or on `address`, a server of the
 * test's own (one it may kill and restart).
 */
export async function withWorkers<T>(
  deps: ActivityDeps, fn: (ctx: WorkerContext) => Promise<T>, options: { trainingConcurrency?: number; taskQueue?: string; address?: string } = {},
): Promise<T> {
  quietRuntime();
  const taskQueue = options.taskQueue ?? `test-${randomUUID()}`;
  const address = options.address ?? inject('temporalAddress');
  const connection = await NativeConnection.connect({ address });
  const client = await testClient(address);
  try {
    const workers = await createWorkers({
      connection,
      namespace: 'default',
      taskQueue,
      deps,
      trainingConcurrency: options.trainingConcurrency ?? 1,
      workflowBundlePath: inject('workflowBundlePath'),
    });
    const body = fn({ client, taskQueue });
    const settled = body.then(() => undefined, () => undefined);
    // Workers must be fully shut down before their connection closes, even when the body fails.
    const stopped = await Promise.allSettled(workers.map((w) => w.runUntil(settled)));
    const result = await body;
    const crashed = stopped.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (crashed) throw crashed.reason;
    return result;
  } finally {
    await client.connection.close();
    await connection.close();
  }
}

/** Attempts of each activity start in a workflow's history, e.g. `{ fetchPrices: [3] }`. */
export async function activityAttempts(client: Client, workflowId: string): Promise<Record<string, number[]>> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const scheduled = new Map<string, string>();
  const attempts: Record<string, number[]> = {};
  for (const event of history.events ?? []) {
    const s = event.activityTaskScheduledEventAttributes;
    if (s) scheduled.set(String(event.eventId), s.activityType?.name ?? '?');
    const started = event.activityTaskStartedEventAttributes;
    if (started) {
      const name = scheduled.get(String(started.scheduledEventId)) ?? '?';
      (attempts[name] ??= []).push(started.attempt ?? 0);
    }
  }
  return attempts;
}
