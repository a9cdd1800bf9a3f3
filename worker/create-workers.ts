import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker, type ActivityInterceptorsFactory, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities/index.js';
import { trainingQueueFor } from '../common/constants.js';
import { PROJECT_ROOT } from '../client/target/index.js';
import { WORKFLOWS_ENTRY } from './workflow-bundle.js';

export interface CreateWorkersOptions {
  connection: NativeConnection;
  namespace: string;
  /** General task queue; the training queue is derived from it. */
  taskQueue: string;
  deps: ActivityDeps;
  /** Training activities at once (each keeps one core busy). */
  trainingConcurrency: number;
  /** A prebuilt workflow bundle; else dist/workflow-bundle.js when present; else bundle from source. */
  workflowBundlePath?: string;
  /** Activity interceptors of the training worker (e.g. WorkerMetrics.trainingInterceptor()). */
  trainingInterceptors?: ActivityInterceptorsFactory[];
}

export const PREBUILT_BUNDLE = path.join(PROJECT_ROOT, 'dist', 'workflow-bundle.js');

/**
 * Two workers on one connection: the general queue runs workflows and light activities, the
 * training queue runs CPU-heavy activities with a small concurrency so a busy trainer never
 * starves workflow tasks or heartbeats.
 */
export async function createWorkers(options: CreateWorkersOptions): Promise<Worker[]> {
  const activities = createActivities(options.deps);
  const bundlePath = options.workflowBundlePath ?? (existsSync(PREBUILT_BUNDLE) ? PREBUILT_BUNDLE : undefined);
  const workflowSource: Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> = bundlePath
    ? { workflowBundle: { codePath: bundlePath } }
    : { workflowsPath: WORKFLOWS_ENTRY };
  const general = await Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...workflowSource,
    activities,
  });
  const training = await Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: trainingQueueFor(options.taskQueue),
    activities,
    maxConcurrentActivityTaskExecutions: options.trainingConcurrency,
    interceptors: { activity: options.trainingInterceptors ?? [] },
    // Epoch progress should reach the server (and the CLI/UI) within a second, not after
    // the default throttle of 80% of the heartbeat timeout.
    maxHeartbeatThrottleInterval: '1 second',
  });
  return [general, training];
}
