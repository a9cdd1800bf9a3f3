/**
 * The whole cluster on this machine, as `npm run cluster` and the cluster tests start it:
 * PostgreSQL, the Temporal server on it (schemas applied, namespace created), N stockflow
 * worker processes each with its own data directory, the API, and the four schedules. The
 * environment given to the stockflow processes is the one docker-compose.yml gives its
 * containers (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, STOCKFLOW_STORE_URL, …).
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { GENERAL_TASK_QUEUE } from '../../common/constants.js';
import { loadConfig } from '../../config/index.js';
import { PROJECT_ROOT } from '../../client/target/index.js';
import { applySchedules } from '../../schedules/index.js';
import { buildWorkflowBundle } from '../../worker/workflow-bundle.js';
import { startManagedProcess, type ManagedProcess } from './managed-process.js';
import { freeLowPorts } from './ports.js';
import { startPostgres, type Postgres } from './postgres.js';
import {
  applyTemporalSchemas, ensureNamespace, ensureSymbolSearchAttribute, SERVER_PORT_NAMES, startTemporalServer, temporalBinaries, writeServerConfig,
  type ServerPorts, type TemporalServer,
} from './temporal-server.js';

/** The database stockflow's shared store uses (created empty; the store itself creates its tables). */
export const STORE_DATABASE = 'stockflow';

export interface ClusterOptions {
  /** Everything of this cluster lives here: PostgreSQL's data, the server's config, each worker's data dir, logs. */
  runDir: string;
  /** stockflow worker processes (default 2). */
  workers?: number;
  /** A stockflow config file for the workers and the API (symbols, training, …); environment overrides it as in compose. */
  configFile?: string;
  /** Extra environment for every stockflow process (e.g. STOCKFLOW_PRICE_SOURCE). */
  env?: Record<string, string>;
  namespace?: string;
  taskQueue?: string;
  /** Start the API process (default true). */
  api?: boolean;
  /** Create the four schedules (default true). */
  schedules?: boolean;
  /** Called with a line for each step. */
  log?: (line: string) => void;
  /** Deadline for each member to become ready. */
  readyTimeoutMs?: number;
}

export interface StockflowProcess {
  readonly name: string;
  readonly dataDir: string;
  /** Worker metrics or API URL. */
  readonly url: string;
  process(): ManagedProcess;
  /** Starts it again after it exited (same data dir, same ports) and waits until it is ready. */
  start(): Promise<void>;
}

export interface Cluster {
  readonly runDir: string;
  readonly address: string;
  readonly namespace: string;
  readonly taskQueue: string;
  readonly postgres: Postgres;
  readonly server: TemporalServer;
  readonly workers: StockflowProcess[];
  readonly api?: StockflowProcess;
  /** postgres:// URL of stockflow's store database (passed to every process as STOCKFLOW_STORE_URL). */
  readonly storeUrl: string;
  /** The environment every stockflow process got (without this process's own). */
  readonly stockflowEnv: Record<string, string>;
  /** Human-readable lines: what runs where (addresses, pids, log files). */
  describe(): string[];
  /** Stops the API, the workers (draining), the server and PostgreSQL, in that order. */
  stop(): Promise<void>;
}

/** tsx's loader as a file URL, so `--import` finds it whatever the working directory. */
const TSX_LOADER = pathToFileURL(createRequire(path.join(PROJECT_ROOT, 'package.json')).resolve('tsx')).href;
const READY_WORKER = 'stockflow worker polling';
const READY_API = 'stockflow API listening on';

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const log = options.log ?? (() => undefined);
  const timeoutMs = options.readyTimeoutMs ?? 120_000;
  const workerCount = options.workers ?? 2;
  if (!Number.isInteger(workerCount) || workerCount < 1 || workerCount > 16) throw new Error(`workers: a whole number from 1 to 16, got ${workerCount}`);
  const namespace = options.namespace ?? 'default';
  const taskQueue = options.taskQueue ?? GENERAL_TASK_QUEUE;
  const runDir = path.resolve(options.runDir);
  mkdirSync(runDir, { recursive: true });
  // PostgreSQL runs as the postgres user (when we are root): it must be able to reach its directory.
  chmodSync(runDir, 0o755);
  const binaries = temporalBinaries();

  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
  };
  try {
    const [pgPort, ...serverPorts] = await freeLowPorts(1 + SERVER_PORT_NAMES.length);
    if (pgPort === undefined || serverPorts.length !== SERVER_PORT_NAMES.length) throw new Error(`asked for ${1 + SERVER_PORT_NAMES.length} free ports, got ${serverPorts.length + (pgPort === undefined ? 0 : 1)}`);
    log(`PostgreSQL: starting on 127.0.0.1:${pgPort}`);
    const postgres = await startPostgres({ dir: path.join(runDir, 'postgresql'), port: pgPort, startTimeoutMs: timeoutMs });
    stops.push(() => postgres.stop());
    postgres.createDatabase(STORE_DATABASE);
    log(`Temporal ${binaries.version}: applying schemas`);
    await applyTemporalSchemas(binaries, pgPort);

    const ports = Object.fromEntries(SERVER_PORT_NAMES.map((name, i) => [name, serverPorts[i]])) as unknown as ServerPorts;
    const configFile = writeServerConfig(binaries, path.join(runDir, 'temporal'), { pgPort, ports });
    log(`Temporal ${binaries.version}: starting the server, frontend 127.0.0.1:${ports.frontend}`);
    const server = await startTemporalServer(binaries, { configFile, logFile: path.join(runDir, 'temporal', 'server.log'), frontendPort: ports.frontend, startTimeoutMs: timeoutMs });
    stops.push(() => server.stop());
    await ensureNamespace(server.address, namespace, { timeoutMs });
    await ensureSymbolSearchAttribute(server.address, namespace, { timeoutMs });
    log(`Temporal: namespace ${namespace} ready`);

    // One workflow bundle for every worker, instead of each bundling the sources at start.
    const bundleFile = path.join(runDir, 'workflow-bundle.js');
    writeFileSync(bundleFile, await buildWorkflowBundle());

    const storeUrl = postgres.url(STORE_DATABASE);
    const stockflowEnv: Record<string, string> = {
      ...(options.configFile ? { STOCKFLOW_CONFIG: path.resolve(options.configFile) } : {}),
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_NAMESPACE: namespace,
      STOCKFLOW_TASK_QUEUE: taskQueue,
      STOCKFLOW_STORE_URL: storeUrl,
      STOCKFLOW_WORKFLOW_BUNDLE: bundleFile,
      ...options.env,
    };
    const appPorts = await freeLowPorts(workerCount + 1);
    const apiPort = appPorts[workerCount];
    const apiUrl = `http://127.0.0.1:${apiPort}`;

    const workers: StockflowProcess[] = [];
    // Each worker and the API on a data directory of its own, as on separate machines: they share
    // state only through STOCKFLOW_STORE_URL; each keeps its own price cache.
    const dataDirOf = (name: string) => path.join(runDir, name);
    for (let i = 1; i <= workerCount; i++) {
      const dataDir = dataDirOf(`worker-${i}`);
      const metricsPort = appPorts[i - 1];
      const worker = stockflowProcess({
        name: `worker-${i}`, entry: 'worker/main.ts', ready: READY_WORKER, dataDir, logDir: path.join(runDir, 'logs'), url: `http://127.0.0.1:${metricsPort}/metrics`, timeoutMs,
        // glibc reads MALLOC_ARENA_MAX only at start (worker/malloc-arenas.ts): the worker's flat memory.
        env: { ...stockflowEnv, MALLOC_ARENA_MAX: process.env['MALLOC_ARENA_MAX'] ?? '2', STOCKFLOW_DATA_DIR: dataDir, STOCKFLOW_METRICS_HOST: '127.0.0.1', STOCKFLOW_METRICS_PORT: String(metricsPort), STOCKFLOW_API_URL: apiUrl },
      });
      log(`worker-${i}: starting (data ${dataDir})`);
      await worker.start();
      stops.push(() => worker.process().stop('SIGTERM', 60_000));
      workers.push(worker);
    }

    let api: StockflowProcess | undefined;
    if (options.api ?? true) {
      const dataDir = dataDirOf('api');
      const started = stockflowProcess({
        name: 'api', entry: 'apps/api/main.ts', ready: READY_API, dataDir, logDir: path.join(runDir, 'logs'), url: apiUrl, timeoutMs,
        env: { ...stockflowEnv, STOCKFLOW_DATA_DIR: dataDir, STOCKFLOW_API_HOST: '127.0.0.1', STOCKFLOW_API_PORT: String(apiPort) },
      });
      log(`api: starting on ${apiUrl}`);
      await started.start();
      stops.push(() => started.process().stop('SIGTERM', 30_000));
      api = started;
    }

    if (options.schedules ?? true) {
      const config = loadConfig({ env: { ...process.env, ...stockflowEnv } });
      const connection = await Connection.connect({ address: server.address });
      try {
        const applied = await applySchedules(new Client({ connection, namespace }), config.schedules, { taskQueue });
        log(`schedules: ${Object.entries(applied.outcomes).map(([name, outcome]) => `${name} ${outcome}`).join(', ')}`);
      } finally {
        await connection.close();
      }
    }

    return {
      runDir, address: server.address, namespace, taskQueue, postgres, server, workers, api, storeUrl, stockflowEnv,
      describe: () => [
        `PostgreSQL      127.0.0.1:${postgres.port}  pid ${postgres.process().pid}  log ${postgres.logFile}`,
        `Temporal ${binaries.version} ${server.address}  pid ${server.process().pid}  log ${server.logFile}  namespace ${namespace}`,
        `  config        ${server.configFile}`,
        ...workers.map((w) => `${w.name.padEnd(15)} pid ${w.process().pid}  metrics ${w.url}  data ${w.dataDir}  log ${w.process().logFile}`),
        ...(api ? [`api             ${api.url}  pid ${api.process().pid}  log ${api.process().logFile}`] : []),
        `store URL       ${storeUrl}`,
        `task queues     ${taskQueue}, ${taskQueue}-training`,
      ],
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** A stockflow entry point (`node --import tsx <entry>`) with its log in `logDir`. */
function stockflowProcess(o: { name: string; entry: string; ready: string; dataDir: string; logDir: string; url: string; env: Record<string, string>; timeoutMs: number }): StockflowProcess {
  let current: ManagedProcess | undefined;
  const logFile = path.join(o.logDir, `${o.name}.log`);
  return {
    name: o.name,
    dataDir: o.dataDir,
    url: o.url,
    process() {
      if (!current) throw new Error(`${o.name} was never started`);
      return current;
    },
    async start() {
      if (current?.running()) throw new Error(`${o.name} (pid ${current.pid}) is still running`);
      mkdirSync(o.dataDir, { recursive: true });
      const offset = current ? current.logTail(Number.MAX_SAFE_INTEGER).length : 0;
      current = startManagedProcess({
        name: o.name,
        command: process.execPath,
        args: ['--import', TSX_LOADER, path.join(PROJECT_ROOT, o.entry)],
        cwd: PROJECT_ROOT,
        env: { ...process.env, ...o.env },
        logFile,
      });
      await waitForLogLine(current, o.ready, offset, o.timeoutMs);
    },
  };
}

/** Waits until the process's log (after `offset`) contains `text`; fails when it exits first. */
async function waitForLogLine(p: ManagedProcess, text: string, offset: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const log = p.logTail(Number.MAX_SAFE_INTEGER).slice(offset);
    if (log.includes(text)) return;
    if (!p.running()) throw new Error(`${p.name} exited before it was ready (log ${p.logFile}):\n${log.slice(-3000)}`);
    if (Date.now() > deadline) throw new Error(`${p.name} not ready after ${timeoutMs} ms (no "${text}" in ${p.logFile}):\n${log.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
