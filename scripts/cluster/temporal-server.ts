/**
 * The real Temporal server of the cluster harness, built from the pinned Go module by
 * build-temporal-server.sh: its schemas applied to PostgreSQL with temporal-sql-tool, a config
 * derived from the module's development-postgres12.yaml (ports of our own, all below 32768),
 * the server started as a child process, and the namespace created and waited for.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import { parse, stringify } from 'yaml';
import { PROJECT_ROOT, resolveTemporalCli } from '../../client/target/index.js';
import { SYMBOL_SEARCH_ATTRIBUTE_REGISTRATION, symbolVisibilityQuery } from '../../common/search-attributes.js';
import { startManagedProcess, type ManagedProcess } from './managed-process.js';
import { readPins } from './pins.js';
import { PG_PASSWORD, PG_USER } from './postgres.js';

const run = promisify(execFile);

export interface TemporalBinaries {
  version: string;
  dir: string;
  server: string;
  sqlTool: string;
  /** schema/postgresql/v12 of the module. */
  schemaDir: string;
  configTemplate: string;
}

/** The dynamic config both the harness and docker-compose.yml give the server. */
export const DYNAMIC_CONFIG_FILE = path.join(import.meta.dirname, 'temporal-dynamicconfig.yaml');

/** Where build-temporal-server.sh caches the pinned version; an error naming the script when absent. */
export function temporalBinaries(version = readPins().temporalServer): TemporalBinaries {
  const dir = path.join(PROJECT_ROOT, '.tools', `temporal-server-${version}`);
  const binaries = {
    version,
    dir,
    server: path.join(dir, 'temporal-server'),
    sqlTool: path.join(dir, 'temporal-sql-tool'),
    schemaDir: path.join(dir, 'schema', 'postgresql', 'v12'),
    configTemplate: path.join(dir, 'config', 'development-postgres12.yaml'),
  };
  const missing = [binaries.server, binaries.sqlTool, binaries.schemaDir, binaries.configTemplate].filter((f) => !existsSync(f));
  if (missing.length > 0) {
    throw new Error(`the Temporal server ${version} is not built (missing ${missing.join(', ')}); run: bash scripts/cluster/build-temporal-server.sh (≥ 10 min the first time)`);
  }
  return binaries;
}

/** Creates both databases (when absent) and brings their schemas to the module's latest version. */
export async function applyTemporalSchemas(binaries: TemporalBinaries, pgPort: number): Promise<void> {
  const base = ['--plugin', 'postgres12', '--ep', '127.0.0.1', '-p', String(pgPort), '-u', PG_USER, '--pw', PG_PASSWORD];
  const sql = async (args: string[]) => {
    try {
      await run(binaries.sqlTool, [...base, ...args]);
    } catch (err) {
      const e = err as { stderr?: string; stdout?: string; message: string };
      throw new Error(`temporal-sql-tool ${args.join(' ')} failed: ${(e.stderr || e.stdout || e.message).trim().slice(-2000)}`);
    }
  };
  for (const [database, schema] of [['temporal', 'temporal'], ['temporal_visibility', 'visibility']] as const) {
    await sql(['--db', database, 'create-database']).catch((err: Error) => {
      if (!/already exists/.test(err.message)) throw err;
    });
    // setup-schema -v 0.0 records version 0.0 (idempotent); update-schema applies every versioned step after it.
    await sql(['--db', database, 'setup-schema', '-v', '0.0']);
    await sql(['--db', database, 'update-schema', '-d', path.join(binaries.schemaDir, schema, 'versioned')]);
  }
}

export interface ServerPorts {
  frontend: number;
  frontendHttp: number;
  frontendMembership: number;
  history: number;
  historyMembership: number;
  matching: number;
  matchingMembership: number;
  worker: number;
  workerMembership: number;
  metrics: number;
  pprof: number;
}

export const SERVER_PORT_NAMES: Array<keyof ServerPorts> = [
  'frontend', 'frontendHttp', 'frontendMembership', 'history', 'historyMembership', 'matching', 'matchingMembership', 'worker', 'workerMembership', 'metrics', 'pprof',
];

/**
 * Writes the server's config (and its dynamic config) into `dir`, from the module's
 * development-postgres12.yaml: our PostgreSQL port, our ports, logs at `logLevel`, and the
 * project's dynamic config (the one docker-compose.yml mounts).
 */
export function writeServerConfig(binaries: TemporalBinaries, dir: string, options: { pgPort: number; ports: ServerPorts; logLevel?: string }): string {
  for (const [name, port] of Object.entries(options.ports)) {
    if (port >= 32768) throw new Error(`Temporal server port ${name}=${port}: must be below 32768 (cluster_membership.rpc_port is SMALLINT)`);
  }
  mkdirSync(dir, { recursive: true });
  const dynamicConfigFile = path.join(dir, 'dynamicconfig.yaml');
  writeFileSync(dynamicConfigFile, readFileSync(DYNAMIC_CONFIG_FILE, 'utf8'));
  const config = parse(readFileSync(binaries.configTemplate, 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const { ports } = options;
  config.log = { stdout: true, level: options.logLevel ?? 'warn' };
  for (const store of Object.values(config.persistence.datastores as Record<string, { sql: Record<string, unknown> }>)) {
    store.sql.connectAddr = `127.0.0.1:${options.pgPort}`;
    store.sql.user = PG_USER;
    store.sql.password = PG_PASSWORD;
  }
  config.global.pprof.port = ports.pprof;
  config.global.metrics.prometheus.listenAddress = `127.0.0.1:${ports.metrics}`;
  config.services.frontend.rpc = { grpcPort: ports.frontend, httpPort: ports.frontendHttp, membershipPort: ports.frontendMembership, bindOnLocalHost: true };
  config.services.history.rpc = { grpcPort: ports.history, membershipPort: ports.historyMembership, bindOnLocalHost: true };
  config.services.matching.rpc = { grpcPort: ports.matching, membershipPort: ports.matchingMembership, bindOnLocalHost: true };
  config.services.worker.rpc = { grpcPort: ports.worker, membershipPort: ports.workerMembership, bindOnLocalHost: true };
  config.clusterMetadata.clusterInformation.active.rpcAddress = `127.0.0.1:${ports.frontend}`;
  // Archival writes under /tmp by default; the harness does not use it.
  config.archival = { history: { state: 'disabled' }, visibility: { state: 'disabled' } };
  config.namespaceDefaults = { archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } } };
  config.dynamicConfigClient = { filepath: dynamicConfigFile, pollInterval: '10s' };
  const file = path.join(dir, 'server.yaml');
  writeFileSync(file, stringify(config));
  return file;
}

export interface TemporalServer {
  /** The pinned version it was built from, e.g. "1.32.2". */
  readonly version: string;
  readonly address: string;
  readonly configFile: string;
  readonly logFile: string;
  /** The running server process (replaced by `start`). */
  process(): ManagedProcess;
  /** Starts the server again (after a kill or stop) with the same config, and waits until it serves. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `temporal-server start` on `configFile` and waits until its frontend answers. */
export async function startTemporalServer(binaries: TemporalBinaries, options: { configFile: string; logFile: string; frontendPort: number; startTimeoutMs?: number }): Promise<TemporalServer> {
  const address = `127.0.0.1:${options.frontendPort}`;
  const timeoutMs = options.startTimeoutMs ?? 120_000;
  const spawnServer = () => startManagedProcess({
    name: 'temporal-server',
    command: binaries.server,
    args: ['--config-file', options.configFile, '--allow-no-auth', 'start'],
    logFile: options.logFile,
    cwd: path.dirname(options.configFile),
  });
  let current = spawnServer();
  const start = async () => {
    await waitForFrontend(address, current, timeoutMs);
  };
  await start();
  return {
    version: binaries.version,
    address,
    configFile: options.configFile,
    logFile: options.logFile,
    process: () => current,
    async start() {
      if (current.running()) throw new Error(`temporal-server (pid ${current.pid}) is still running`);
      current = spawnServer();
      await start();
    },
    stop: () => current.stop('SIGTERM', 30_000),
  };
}

async function waitForFrontend(address: string, server: ManagedProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    if (!server.running()) throw new Error(`temporal-server exited while starting (log ${server.logFile}):\n${server.logTail()}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 2000 });
      try {
        await connection.workflowService.getSystemInfo({});
        // The frontend answers before history and matching have joined; a system namespace read proves persistence works.
        await connection.workflowService.describeNamespace({ namespace: 'temporal-system' });
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`temporal-server not serving at ${address} after ${timeoutMs} ms: ${(last as Error)?.message} (log ${server.logFile}):\n${server.logTail()}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * Registers `namespace` (the server only creates temporal-system) unless it exists, then waits
 * until the frontend's namespace cache knows it (~10 s after registration): a visibility query
 * in it succeeds. Before that, starting a workflow there fails with "namespace not found".
 */
export async function ensureNamespace(address: string, namespace: string, options: { retentionDays?: number; timeoutMs?: number } = {}): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    const service = connection.workflowService;
    try {
      await service.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(`${options.retentionDays ?? 7} days`) });
    } catch (err) {
      if (!/already exists|AlreadyExists/i.test((err as Error).message)) throw err;
    }
    const timeoutMs = options.timeoutMs ?? 60_000;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        await service.listWorkflowExecutions({ namespace, pageSize: 1 });
        return;
      } catch (err) {
        if (Date.now() > deadline) throw new Error(`namespace ${namespace} not visible to the frontend at ${address} after ${timeoutMs} ms: ${(err as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await connection.close();
  }
}

/**
 * Registers the `Symbol` search attribute every per-symbol workflow carries, the way the README
 * tells a cluster operator to (`temporal operator search-attribute create`), unless it exists;
 * then waits until a visibility query on it succeeds.
 */
export async function ensureSymbolSearchAttribute(address: string, namespace: string, options: { timeoutMs?: number } = {}): Promise<void> {
  const { name, type } = SYMBOL_SEARCH_ATTRIBUTE_REGISTRATION;
  try {
    await run(resolveTemporalCli(), ['operator', 'search-attribute', 'create', '--address', address, '--namespace', namespace, '--name', name, '--type', type]);
  } catch (err) {
    const output = `${(err as Error).message} ${(err as { stderr?: string }).stderr ?? ''}`;
    if (!/already exists/i.test(output)) throw new Error(`registering the ${name} search attribute on ${namespace} failed: ${output}`);
  }
  const connection = await Connection.connect({ address });
  try {
    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    for (;;) {
      try {
        await connection.workflowService.listWorkflowExecutions({ namespace, pageSize: 1, query: symbolVisibilityQuery('SPY') });
        return;
      } catch (err) {
        if (Date.now() > deadline) throw new Error(`search attribute ${name} not queryable in ${namespace} at ${address}: ${(err as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await connection.close();
  }
}

/** `temporal-server --version`, e.g. "temporal version 1.32.2". */
export async function serverVersion(binaries: TemporalBinaries): Promise<string> {
  const { stdout } = await run(binaries.server, ['--version']);
  return stdout.trim();
}
