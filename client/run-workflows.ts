import {
  ApplicationFailure, WorkflowExecutionAlreadyStartedError, WorkflowFailedError, type Client, type WorkflowHandleWithFirstExecutionRunId,
} from '@temporalio/client';
import { ALL_SYMBOLS_FAILED, GENERAL_TASK_QUEUE, workflowIds } from '../common/constants.js';
import { StockflowError } from '../common/errors.js';
import {
  retrainStartOptions, symbolSearchAttributes, symbolVisibilityQuery, SYMBOL_SEARCH_ATTRIBUTE_REGISTRATION,
} from '../common/search-attributes.js';
import type {
  BacktestInput, MonitorAllInput, RefreshPricesInput, RefreshPricesResult, RetrainStatus, RetrainSymbolInput,
  SmartTrainingInput, TrainingProgress, TrainSymbolsInput,
} from '../common/wire/index.js';
import type { refreshPrices, retrainSymbol } from '../workflows/index.js';

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

/**
 * The per-symbol result a refreshPrices / trainSymbols / smartTraining run carried when it
 * failed because every symbol failed (`AllSymbolsFailed`); null for any other error.
 */
export function resultOfAllSymbolsFailed<T>(err: unknown): T | null {
  if (!(err instanceof WorkflowFailedError)) return null;
  const cause = err.cause;
  if (!(cause instanceof ApplicationFailure) || cause.type !== ALL_SYMBOLS_FAILED) return null;
  return (cause.details?.[0] as T | undefined) ?? null;
}

export type StartRetrainResult =
  | { status: 'started'; handle: WorkflowHandleWithFirstExecutionRunId<typeof retrainSymbol> }
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
      ...retrainStartOptions(input),
    });
    return { status: 'started', handle };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      const running = await client.workflow.getHandle(workflowId).describe().catch(() => undefined);
      return { status: 'already-running', workflowId, runId: running?.runId };
    }
    throw explainUnregisteredSearchAttribute(err, client.options.namespace);
  }
}

/** The namespace lacks the `Symbol` search attribute: a setup step is missing, retrying cannot help. */
export class SearchAttributeNotRegisteredError extends StockflowError {
  readonly kind = 'invalid';
}

/**
 * A namespace without the `Symbol` search attribute refuses every per-symbol start
 * (INVALID_ARGUMENT). Say what to run instead of passing the gRPC message on.
 */
export function explainUnregisteredSearchAttribute(err: unknown, namespace: string): unknown {
  const message = err instanceof Error ? err.message : String(err);
  const { name, type } = SYMBOL_SEARCH_ATTRIBUTE_REGISTRATION;
  if (!/search attribute/i.test(message) || !message.includes(name)) return err;
  return new SearchAttributeNotRegisteredError(
    `the Temporal namespace "${namespace}" has no "${name}" search attribute, which every per-symbol workflow carries (${message}). `
      + `Register it once: temporal operator search-attribute create --namespace ${namespace} --name ${name} --type ${type}`,
    { cause: err },
  );
}

export interface RetrainProgress extends RetrainStatus {
  /** Epoch progress from the training activity's last heartbeat, while it trains. */
  training?: TrainingProgress;
  trainingAttempt?: number;
  /** The batch workflow that started this retrain, when one did. */
  parentWorkflowId?: string;
}

/** Stage (workflow query) plus epoch progress (the training activity's heartbeat details). */
export async function retrainProgress(client: Client, workflowId: string): Promise<RetrainProgress> {
  const handle = client.workflow.getHandle(workflowId);
  const [status, description] = await Promise.all([handle.query<RetrainStatus>('retrainStatus'), handle.describe()]);
  const pending = description.raw.pendingActivities?.find((a) => a.activityType?.name === 'trainChallenger');
  const payload = pending?.heartbeatDetails?.payloads?.[0];
  const training = payload ? (client.options.loadedDataConverter.payloadConverter.fromPayload(payload) as TrainingProgress) : undefined;
  return { ...status, training, trainingAttempt: pending?.attempt ?? undefined, parentWorkflowId: description.parentExecution?.workflowId ?? undefined };
}

export function runKeyNow(now = new Date()): string {
  return now.toISOString().replace(/[:.]/g, '-');
}

/** Workflow types an operator starts by name, with their input types. */
export interface PipelineInputs {
  trainSymbols: TrainSymbolsInput;
  smartTraining: SmartTrainingInput;
  monitorAll: MonitorAllInput;
  monthlyComprehensive: Record<string, never>;
  dailyCleanup: Record<string, never>;
  refreshPrices: RefreshPricesInput;
  backtestModel: BacktestInput;
}

const PIPELINE_IDS: Record<keyof PipelineInputs, (runKey: string) => string> = {
  trainSymbols: workflowIds.trainSymbols,
  smartTraining: workflowIds.smartTraining,
  monitorAll: workflowIds.monitorAll,
  monthlyComprehensive: workflowIds.monthlyComprehensive,
  dailyCleanup: workflowIds.dailyCleanup,
  refreshPrices: workflowIds.refreshPrices,
  backtestModel: workflowIds.backtestModel,
};

/** Starts one of the batch pipelines (id `<kind>-<runKey>`); returns its handle at once. */
export async function startPipeline<K extends keyof PipelineInputs>(
  client: Client, type: K, input: PipelineInputs[K], options: StartOptions = {},
): Promise<WorkflowHandleWithFirstExecutionRunId> {
  // A backtest is about one symbol: it carries the Symbol search attribute like a retrain.
  const perSymbol = type === 'backtestModel' ? symbolSearchAttributes((input as BacktestInput).symbol) : undefined;
  try {
    return await client.workflow.start(type, {
      args: type === 'monthlyComprehensive' || type === 'dailyCleanup' ? [] : [input],
      taskQueue: options.taskQueue ?? GENERAL_TASK_QUEUE,
      workflowId: PIPELINE_IDS[type](options.runKey ?? runKeyNow()),
      ...(perSymbol ? { typedSearchAttributes: perSymbol } : {}),
    });
  } catch (err) {
    throw explainUnregisteredSearchAttribute(err, client.options.namespace);
  }
}

/** Link to the Temporal Web UI's list of one symbol's workflows (every retrain and backtest of it). */
export function temporalUiSymbolLink(uiBaseUrl: string, namespace: string, symbol: string): string {
  return `${uiBaseUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows?query=${encodeURIComponent(symbolVisibilityQuery(symbol))}`;
}

/** Link to a workflow run in the Temporal Web UI. */
export function temporalUiLink(uiBaseUrl: string, namespace: string, workflowId: string, runId?: string): string {
  const base = `${uiBaseUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
  return runId ? `${base}/${encodeURIComponent(runId)}/history` : base;
}
