import { NativeConnection, Runtime, DefaultLogger } from '@temporalio/worker';
import { connectClient, runRefreshPrices } from '../client';
import type { RefreshPricesResult } from '../common/wire';
import { loadConfig, type ResolvedConfig } from '../config';
import { resolveTemporalTarget } from '../runtime';
import { buildDependencies } from '../worker/dependencies';
import { createWorkers } from '../worker/create-workers';

export interface RunStackOptions {
  once?: boolean;
  log?: (line: string) => void;
}

/** Brings up the stack, runs the first pass, then serves until a signal. Returns the exit code. */
export async function runStack({ once = false, log = console.log }: RunStackOptions = {}): Promise<number> {
  const config = loadConfig();
  Runtime.install({ logger: new DefaultLogger('WARN') });
  log(`stockflow: ${config.symbols.length} symbols, prices from ${config.priceSource}, data in ${config.dataDir}`);
  const target = await resolveTemporalTarget(config);
  log(target.embedded
    ? `Temporal dev server at ${target.address}${target.devServer ? ' (started, state in the data directory)' : ' (already running)'}; UI ${target.uiUrl}`
    : `Temporal cluster at ${target.address}, namespace ${target.namespace}`);

  const connection = await NativeConnection.connect({ address: target.address, tls: target.tls, apiKey: target.apiKey });
  const client = await connectClient(target);
  const deps = buildDependencies(config);
  let exitCode = 0;
  try {
    const workers = await createWorkers({
      connection,
      namespace: target.namespace,
      taskQueue: config.temporal.taskQueue,
      deps,
      trainingConcurrency: config.training.concurrency,
    });
    const running = Promise.all(workers.map((w) => w.run()));

    log(`refreshing prices for ${config.symbols.join(', ')} …`);
    const refresh = await runRefreshPrices(client, { symbols: config.symbols }, { taskQueue: config.temporal.taskQueue });
    printRefresh(refresh, config, log);
    if (refresh.failed > 0) exitCode = 2;

    if (once) {
      workers.forEach((w) => w.shutdown());
    } else {
      log(`running; open the Temporal UI at ${target.uiUrl ?? '(your cluster UI)'}. Ctrl-C stops everything.`);
    }
    await running;
  } finally {
    deps.close();
    await client.connection.close();
    await connection.close();
    await target.devServer?.stop();
  }
  return exitCode;
}

function printRefresh(result: RefreshPricesResult, config: ResolvedConfig, log: (line: string) => void): void {
  for (const o of result.outcomes) {
    log(o.ok
      ? `  ${o.symbol.padEnd(6)} +${o.rowsAdded} rows, ${o.totalRows} cached, ${o.firstDate} … ${o.lastDate}`
      : `  ${o.symbol.padEnd(6)} FAILED ${o.errorType}: ${o.error}`);
  }
  log(`prices: ${result.succeeded} symbols up to date, ${result.failed} failed`);
  const unreachable = result.outcomes.some((o) => !o.ok && (o.errorType === 'DataSourceUnavailableError' || o.errorType === 'RateLimitedError'));
  if (unreachable && config.priceSource === 'yahoo') {
    log('Yahoo Finance could not be reached. To run offline, choose another price source, e.g.');
    log('  STOCKFLOW_PRICE_SOURCE=csv:../shared/data/prices npm start   (daily CSVs: date,open,high,low,close,adj_close,volume)');
    log('  STOCKFLOW_PRICE_SOURCE=synthetic npm start                    (seeded, generated prices for demos)');
  }
}
