import { Runtime } from '@temporalio/worker';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { connectClient, resultOfAllSymbolsFailed, runRefreshPrices, startPipeline, temporalUiLink } from '../../client/index.js';
import type { BatchRetrainResult, RefreshPricesResult } from '../../common/wire/index.js';
import { loadConfig, removeStackState, writeStackState, type ResolvedConfig } from '../../config/index.js';
import { PROJECT_ROOT, resolveTemporalTarget, type TemporalTarget } from '../../client/target/index.js';
import { startApiServer } from '../api/index.js';
import { applySchedules } from '../../schedules/index.js';
import type { BuiltDependencies } from '../../worker/dependencies.js';
import { startWorkers, type RunningWorkers } from '../../worker/run-workers.js';
import { mallocArenaWarning } from '../../worker/malloc-arenas.js';
import { startupWarnings } from '../../worker/startup-checks.js';
import { offlinePriceSource, OFFLINE_ENV } from './offline-source.js';
import { stackLogFile, stackLogger } from './stack-logger.js';

export interface RunStackOptions {
  /** The resolved configuration (`stockflow dev --config FILE` passes its own); default: loadConfig(). */
  config?: ResolvedConfig;
  once?: boolean;
  /** Prices from the offline sources (offline-source.ts) when the configured source is Yahoo. */
  offline?: boolean;
  log?: (line: string) => void;
}

/**
 * The embedded stack: Temporal (dev server unless a cluster is configured), the worker, the
 * four schedules, the API and dashboard, a price refresh, and a quick first training of every
 * symbol that has no model yet. Serves until SIGINT/SIGTERM; with `once`, returns after that
 * first training. Returns the exit code.
 */
export async function runStack({ config: configured = loadConfig(), once = false, offline = false, log = console.log }: RunStackOptions = {}): Promise<number> {
  const config = offline && configured.priceSource === 'yahoo' ? { ...configured, priceSource: offlinePriceSource(process.env, PROJECT_ROOT) } : configured;
  const logFile = stackLogFile(config.dataDir);
  Runtime.install({ logger: stackLogger(logFile, log) });
  log(`stockflow: ${config.symbols.length} symbols, prices from ${config.priceSource}${offline ? ' (offline)' : ''}, data in ${config.dataDir}`);
  const target = await resolveTemporalTarget(config);
  log(target.embedded
    ? `Temporal dev server at ${target.address}${target.devServer ? ' (started; its state lives in the data directory)' : ' (already running)'}`
    : `Temporal cluster at ${target.address}, namespace ${target.namespace}`);

  const client = await connectClient(target);
  const stops: Array<() => Promise<void> | void> = [];
  let exitCode = 0;
  let running: RunningWorkers | undefined;
  try {
    running = await startWorkers(config, target);
    const { deps } = running;
    for (const warning of [mallocArenaWarning(), ...startupWarnings(config, deps.registry)]) if (warning) log(`warning: ${warning}`);

    const applied = await applySchedules(client, config.schedules, { taskQueue: config.temporal.taskQueue });
    log(`schedules: ${Object.entries(applied.outcomes).map(([name, outcome]) => `${name} ${outcome}`).join(', ')}`);
    for (const w of applied.warnings.slice(0, 4)) log(`  note: ${w.message}`);

    const api = await startApi(config, deps, target, client, log);
    if (api) stops.push(api.close);
    // From here a CLI in another terminal finds this stack with no environment variables.
    await writeStackState(config.dataDir, {
      pid: process.pid,
      startedAt: new Date().toISOString(),
      temporal: { address: target.address, namespace: target.namespace, taskQueue: config.temporal.taskQueue, embedded: target.embedded, uiUrl: target.uiUrl ?? null },
      api: api ? { url: api.url } : null,
    });
    stops.push(() => removeStackState(config.dataDir));

    log(`refreshing prices for ${config.symbols.join(', ')} …`);
    // Every symbol failing fails the workflow (red in the Temporal UI); its outcomes are still printed.
    const refresh = await runRefreshPrices(client, { symbols: config.symbols }, { taskQueue: config.temporal.taskQueue })
      .catch((err: unknown) => resultOfAllSymbolsFailed<RefreshPricesResult>(err) ?? Promise.reject(err));
    printRefresh(refresh, config, logFile, log);
    if (refresh.failed > 0) exitCode = 2;

    const firstTraining = await trainMissingModels(client, config, deps, target, refresh, log);
    if (once && firstTraining) {
      // One pass means "ready when it returns": wait for the first models.
      const batch = (await firstTraining.result()) as BatchRetrainResult;
      log(`first run: ${batch.promoted} promoted, ${batch.kept} kept (below the promotion gate), ${batch.failed} failed`);
    }
    log('');
    if (target.uiUrl) log(`Temporal UI:  ${target.uiUrl}`);
    if (api) log(`Dashboard:    ${api.url}/   (API: ${api.url}/predict/${config.symbols[0]}, ${api.url}/metrics)`);

    if (once) running.shutdown();
    else log('running. Ctrl-C stops everything.');
    await running.done;
  } finally {
    for (const stop of stops.reverse()) await stop();
    await running?.close();
    await client.connection.close();
    await target.devServer?.stop();
  }
  return exitCode;
}

/** First run: quick-train every symbol that has prices but was never trained, in the background. */
async function trainMissingModels(
  client: Client, config: ResolvedConfig, deps: BuiltDependencies, target: TemporalTarget, refresh: RefreshPricesResult, log: (line: string) => void,
): Promise<WorkflowHandle | undefined> {
  const withPrices = new Set(refresh.outcomes.filter((o) => o.ok && o.totalRows > 0).map((o) => o.symbol));
  // Never trained (no version at all): a challenger the gate refused is not retrained on every start.
  const missing = config.symbols.filter((s) => withPrices.has(s) && deps.registry.listVersions(s).length === 0);
  if (missing.length === 0) return undefined;
  const handle = await startPipeline(client, 'trainSymbols', { symbols: missing, quick: true, force: true }, { taskQueue: config.temporal.taskQueue });
  log(`first run: quick-training ${missing.length} symbols never trained (${missing.join(', ')})`);
  if (target.uiUrl) log(`  follow it at ${temporalUiLink(target.uiUrl, target.namespace, handle.workflowId)}`);
  return handle;
}

/** The prediction API and dashboard, in this process, sharing the worker's registry and history. */
async function startApi(config: ResolvedConfig, deps: BuiltDependencies, target: TemporalTarget, client: Client, log: (line: string) => void) {
  try {
    return await startApiServer(config, {
      registry: deps.registry,
      history: deps.history,
      priceCache: deps.priceCache,
      temporalUi: target.uiUrl ? { baseUrl: target.uiUrl, namespace: target.namespace } : undefined,
      // One Temporal client for the schedules view, the dashboard's actions and its live workflows.
      temporalClient: client,
    });
  } catch (err) {
    log(`API not started on ${config.api.host}:${config.api.port}: ${(err as Error).message} (set STOCKFLOW_API_PORT to use another port)`);
    return undefined;
  }
}

function printRefresh(result: RefreshPricesResult, config: ResolvedConfig, logFile: string, log: (line: string) => void): void {
  const unreachable = result.outcomes.some((o) => !o.ok && (o.errorType === 'DataSourceUnavailableError' || o.errorType === 'RateLimitedError'));
  if (unreachable && config.priceSource === 'yahoo') {
    // The way out first, then one line per symbol; the stack traces are in the log file.
    const offline = offlinePriceSource(process.env, PROJECT_ROOT);
    log(`Yahoo Finance could not be reached (details in ${logFile}). To continue offline:`);
    log(`  npm start -- --offline   (or ${OFFLINE_ENV}=1; prices from ${offline})`);
    log('  STOCKFLOW_PRICE_SOURCE=synthetic npm start   (seeded, generated prices for demos)');
    log('  STOCKFLOW_PRICE_SOURCE=csv:DIR npm start     (your own daily CSVs: date,open,high,low,close,adj_close,volume)');
  }
  for (const o of result.outcomes) {
    log(o.ok
      ? `  ${o.symbol.padEnd(6)} +${o.rowsAdded} rows, ${o.totalRows} cached, ${o.firstDate} … ${o.lastDate}`
      : `  ${o.symbol.padEnd(6)} FAILED ${o.errorType}: ${firstLine(o.error, 100)}`);
  }
  log(`prices: ${result.succeeded} symbols up to date, ${result.failed} failed`);
}

/** The first line of a message, at most `max` characters. */
function firstLine(text: string, max: number): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
