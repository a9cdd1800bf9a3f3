import { NativeConnection, type Worker } from '@temporalio/worker';
import type { ResolvedConfig } from '../config/index.js';
import { configureBackend, ensureBackend } from '../domain/engine/backend.js';
import type { TemporalTarget } from '../client/target/index.js';
import { buildDependencies, type BuiltDependencies } from './dependencies.js';
import { createWorkers } from './create-workers.js';
import type { WorkerMetrics } from './metrics.js';

export interface RunningWorkers {
  deps: BuiltDependencies;
  workers: Worker[];
  /** Resolves when every worker has shut down (SIGINT/SIGTERM via the Temporal runtime, or `shutdown()`). */
  done: Promise<void>;
  shutdown(): void;
  /** Closes the connection and the dependencies; call after `done`. */
  close(): Promise<void>;
}

/**
 * Activates the configured TensorFlow.js backend (logged once; a loud error when none can run),
 * connects to the target, builds dependencies once and starts the general and training workers.
 */
export async function startWorkers(config: ResolvedConfig, target: TemporalTarget, metrics?: WorkerMetrics): Promise<RunningWorkers> {
  configureBackend(config.training.backend);
  await ensureBackend();
  const connection = await NativeConnection.connect({ address: target.address, tls: target.tls, apiKey: target.apiKey });
  const deps = buildDependencies(config);
  try {
    const workers = await createWorkers({
      connection,
      namespace: target.namespace,
      taskQueue: config.temporal.taskQueue,
      deps,
      trainingConcurrency: config.training.concurrency,
      trainingInterceptors: metrics ? [metrics.trainingInterceptor()] : [],
      // A bundle built once for several worker processes (the cluster harness); else createWorkers' default.
      workflowBundlePath: process.env.STOCKFLOW_WORKFLOW_BUNDLE || undefined,
    });
    return {
      deps,
      workers,
      done: Promise.all(workers.map((w) => w.run())).then(() => undefined),
      shutdown: () => workers.forEach((w) => w.shutdown()),
      close: async () => {
        deps.close();
        await connection.close();
      },
    };
  } catch (err) {
    deps.close();
    await connection.close();
    throw err;
  }
}
