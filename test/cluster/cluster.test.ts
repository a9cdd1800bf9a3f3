/**
 * stockflow on a real Temporal server (built from the pinned Go module) on PostgreSQL, started
 * by the code `npm run cluster` runs (scripts/cluster/cluster.ts): two worker processes and the
 * API, each with a data directory of its own as on separate machines (history and registry are
 * shared through STOCKFLOW_STORE_URL; prices are each machine's cache), and the schedules.
 * Faults are injected into the running cluster — the training worker SIGKILLed, the server
 * SIGKILLed mid-retrain and restarted, PostgreSQL restarted — and the cluster must carry on by
 * itself. The tests run in order on one cluster.
 */
import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retrainProgress, startRetrainSymbol } from '../../client/index.js';
import { SCHEDULE_IDS } from '../../common/constants.js';
import type { RetrainSymbolResult } from '../../common/wire/index.js';
import { loadConfig } from '../../config/index.js';
import { buildServices, type Services } from '../../domain/services.js';
import { resolveTemporalCli } from '../../client/target/index.js';
import { startCluster, type Cluster } from '../../scripts/cluster/cluster.js';
import { temporalBinaries } from '../../scripts/cluster/temporal-server.js';
import { loadCompose } from '../deploy/compose-project.js';
import { eventually } from '../helpers/eventually.js';
import { PRICES_DIR } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp-dir.js';
import { activityAttempts } from '../helpers/temporal.js';
import { scaled } from '../helpers/timeouts.js';

const run = promisify(execFile);
const SLOW_TEST_MS = scaled(600_000);

let cluster: Cluster;
let client: Client;

beforeAll(async () => {
  const runDir = tempDir('stockflow-cluster-test-');
  const configFile = path.join(runDir, 'stockflow.config.yaml');
  writeFileSync(configFile, [
    'symbols: [SPY, AAPL, MSFT, NVDA]',
    `dataDir: ${path.join(runDir, 'unused-data')}`,
    `priceSource: csv:${PRICES_DIR}`,
    // Full trainings long enough to kill the server in the middle of one; quick ones short.
    'training: { epochs: 60, quickEpochs: 2, seed: 7, evalDays: 60, concurrency: 1 }',
    'marketHours: { avoidMarketHours: false }',
    // A first model is promoted on its holdout alone, so the API has a champion to serve.
    'registry: { checkBaseline: false }',
  ].join('\n'));
  cluster = await startCluster({
    runDir,
    configFile,
    workers: 2,
    readyTimeoutMs: scaled(180_000),
  });
  client = new Client({ connection: await Connection.connect({ address: cluster.address }), namespace: cluster.namespace });
  // This test process is one more machine on the store: its own (empty) data directory.
  store = buildServices(loadConfig({ env: { ...process.env, ...cluster.stockflowEnv, STOCKFLOW_DATA_DIR: path.join(runDir, 'test-process') } }));
}, scaled(900_000));

afterAll(async () => {
  store?.close();
  await client?.connection.close();
  await cluster?.stop();
}, scaled(180_000));

let store: Services;

/** Which worker (pid@host identity) started each attempt of each activity of a workflow run. */
async function activityWorkers(workflowId: string): Promise<Record<string, string[]>> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const scheduled = new Map<string, string>();
  const workers: Record<string, string[]> = {};
  for (const event of history.events ?? []) {
    const s = event.activityTaskScheduledEventAttributes;
    if (s) scheduled.set(String(event.eventId), s.activityType?.name ?? '?');
    const started = event.activityTaskStartedEventAttributes;
    if (started) (workers[scheduled.get(String(started.scheduledEventId)) ?? '?'] ??= []).push(started.identity ?? '');
  }
  return workers;
}

/** The cluster worker whose SDK identity ("<pid>@<host>") is `identity`. */
function workerByIdentity(identity: string | undefined) {
  const pid = Number((identity ?? '').split('@')[0]);
  const worker = cluster.workers.find((w) => w.process().pid === pid);
  if (!worker) throw new Error(`no cluster worker has pid ${pid} (identity ${identity}); workers: ${cluster.workers.map((w) => w.process().pid).join(', ')}`);
  return worker;
}

/** Rows of a query on stockflow's store database (the registry's own tables, read directly). */
async function storeRows<T>(sql: string, params: unknown[]): Promise<T[]> {
  const db = new pg.Client({ connectionString: cluster.storeUrl });
  await db.connect();
  try {
    return (await db.query(sql, params)).rows as T[];
  } finally {
    await db.end();
  }
}

async function apiJson<T>(route: string): Promise<T> {
  const response = await fetch(`${cluster.api!.url}${route}`);
  if (!response.ok) throw new Error(`GET ${route} on the API: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function retrain(symbol: string, quick: boolean): Promise<WorkflowHandle> {
  const started = await startRetrainSymbol(client, { symbol, reason: `cluster test: ${quick ? 'quick' : 'full'}`, quick, force: true }, { taskQueue: cluster.taskQueue });
  if (started.status !== 'started') throw new Error(`retrain of ${symbol} not started: ${started.status}`);
  return started.handle;
}

/** `temporal workflow list --query …` against the cluster's server: the workflow ids it prints. */
async function listWorkflowIds(query: string): Promise<string[]> {
  const { stdout } = await run(resolveTemporalCli(), ['workflow', 'list', '--address', cluster.address, '--namespace', cluster.namespace, '--query', query, '--output', 'json']);
  const rows = stdout.trim() ? (JSON.parse(stdout) as Array<{ execution?: { workflowId?: string } }>) : [];
  return rows.map((r) => r.execution?.workflowId ?? '');
}

/** Triggers a schedule and waits for the run it starts to complete; returns its workflow id. */
async function runSchedule(scheduleId: string): Promise<string> {
  const schedule = client.schedule.getHandle(scheduleId);
  const before = (await schedule.describe()).info.recentActions.length;
  await schedule.trigger();
  const described = await eventually(() => schedule.describe(), (d) => d.info.recentActions.length > before, {
    what: `the triggered ${scheduleId} started`, timeoutMs: scaled(60_000), intervalMs: 500,
  });
  const action = described.info.recentActions.at(-1);
  if (!action) throw new Error(`the schedule ${scheduleId} lists no recent action after its trigger`);
  await client.workflow.getHandle(action.action.workflow.workflowId, action.action.workflow.firstExecutionRunId).result();
  return action.action.workflow.workflowId;
}

describe('stockflow on a real Temporal cluster', () => {
  it('started PostgreSQL, the server, two workers and the API, and says so', async () => {
    const lines = cluster.describe();
    expect(lines.join('\n')).toContain(`pid ${cluster.server.process().pid}`);
    expect(lines.filter((l) => /^worker-\d/.test(l))).toHaveLength(2);
    const { stdout } = await run(resolveTemporalCli(), ['operator', 'cluster', 'system', '--address', cluster.address, '--output', 'json']);
    expect((JSON.parse(stdout) as { serverVersion: string }).serverVersion).toBe(cluster.server.version);
    expect((await fetch(`${cluster.api!.url}/health`)).status).toBe(200);
    for (const worker of cluster.workers) {
      expect((await fetch(worker.url)).status).toBe(200);
    }
    const schedules: string[] = [];
    for await (const s of client.schedule.list()) schedules.push(s.scheduleId);
    expect(schedules.sort()).toEqual(Object.values(SCHEDULE_IDS).sort());
  });

  it('completes a quick retrainSymbol, which the visibility query then finds', async () => {
    const handle = await retrain('SPY', true);
    const result = (await handle.result()) as RetrainSymbolResult;
    // Promoted or kept is the promotion gate's call on a 2-epoch model; the run completed and saved v1.
    expect(result).toMatchObject({ symbol: 'SPY', challengerVersion: 1, championBefore: null });
    expect((await handle.describe()).status.name).toBe('COMPLETED');
    const ids = await eventually(() => listWorkflowIds("WorkflowType='retrainSymbol'"), (found) => found.includes(handle.workflowId), {
      what: `temporal workflow list finds ${handle.workflowId}`, timeoutMs: scaled(60_000), intervalMs: 1000,
    });
    expect(ids).toContain(handle.workflowId);
    expect(await listWorkflowIds("WorkflowType='retrainSymbol' AND ExecutionStatus='Completed'")).toContain(handle.workflowId);
  }, SLOW_TEST_MS);

  it('serves, from the API on a data directory of its own, the champion a worker trained on another', async () => {
    const trainer = workerByIdentity((await activityWorkers(`retrain-SPY`)).trainChallenger?.at(-1));
    const api = cluster.api!;
    expect(new Set([...cluster.workers.map((w) => w.dataDir), api.dataDir]).size).toBe(cluster.workers.length + 1);
    // Trained on the trainer's machine: its price cache has SPY; the API's data dir has neither prices nor models.
    expect(existsSync(path.join(trainer.dataDir, 'prices', 'SPY.csv'))).toBe(true);
    expect(existsSync(path.join(api.dataDir, 'prices', 'SPY.csv'))).toBe(false);
    expect(existsSync(path.join(api.dataDir, 'models', 'SPY'))).toBe(false);

    expect(store.registry.getChampion('SPY')?.version).toBe(1);
    const predicted = await apiJson<{ symbol: string; modelVersion: number; championVersion: number | null; servedByChampion: boolean }>('/predict/SPY');
    expect(predicted).toMatchObject({ symbol: 'SPY', modelVersion: 1, championVersion: 1, servedByChampion: true });
    expect(predicted).toMatchObject({ forecastClose: store.history.latestPrediction('SPY')?.forecastClose });
  }, SLOW_TEST_MS);

  it('finishes a retrain and runs schedules after the server is SIGKILLed mid-training and restarted', async () => {
    const workerPids = cluster.workers.map((w) => w.process().pid);
    const handle = await retrain('AAPL', false);
    await eventually(() => retrainProgress(client, handle.workflowId).catch(() => undefined), (p) => (p?.training?.epoch ?? 0) >= 1, {
      what: 'training under way', timeoutMs: scaled(180_000), intervalMs: 200,
    });
    const killedPid = cluster.server.process().pid;
    await cluster.server.process().kill();
    expect(cluster.server.process().running()).toBe(false);
    await cluster.server.start();
    expect(cluster.server.process().pid).not.toBe(killedPid);

    const result = (await handle.result()) as RetrainSymbolResult;
    expect(result.symbol).toBe('AAPL');
    expect(result.challengerVersion).toBe(1);
    expect((await handle.describe()).status.name).toBe('COMPLETED');

    // The schedules survived the crash: triggering one starts a run that completes — the daily
    // cleanup, and monitorAll (which reads each champion's prices on whichever worker runs it).
    await runSchedule(SCHEDULE_IDS.dailyCleanup);
    const monitorId = await runSchedule(SCHEDULE_IDS.monitoring);
    expect((await client.workflow.getHandle(monitorId).describe()).type).toBe('monitorAll');
    // Nobody restarted the workers: they reconnected by themselves.
    expect(cluster.workers.map((w) => w.process().pid)).toEqual(workerPids);
    expect(cluster.workers.every((w) => w.process().running())).toBe(true);
  }, SLOW_TEST_MS);

  it('finishes a retrain on the other worker when the one training is SIGKILLed, leaving one whole version', async () => {
    const handle = await retrain('NVDA', false);
    await eventually(() => retrainProgress(client, handle.workflowId).catch(() => undefined), (p) => (p?.training?.epoch ?? 0) >= 1, {
      what: 'training under way', timeoutMs: scaled(180_000), intervalMs: 200,
    });
    // The training worker's identity is "<pid>@<host>" (the SDK's default).
    const pending = (await handle.describe()).raw.pendingActivities?.find((a) => a.activityType?.name === 'trainChallenger');
    const victim = workerByIdentity(pending?.lastWorkerIdentity ?? undefined);
    const survivor = cluster.workers.find((w) => w !== victim)!;
    await victim.process().kill();

    const result = (await handle.result()) as RetrainSymbolResult;
    expect(result).toMatchObject({ symbol: 'NVDA', challengerVersion: 1 });
    // The killed attempt timed out on its heartbeat; the survivor ran the second one.
    expect((await activityAttempts(client, handle.workflowId)).trainChallenger).toEqual([2]);
    const workers = await activityWorkers(handle.workflowId);
    expect(workers.trainChallenger?.map((id) => workerByIdentity(id).name)).toEqual([survivor.name]);
    // The survivor read its own price cache through the session the refresh saw, wherever that ran.
    expect(existsSync(path.join(survivor.dataDir, 'prices', 'NVDA.csv'))).toBe(true);
    // One whole version in the shared store: the killed attempt saved nothing, the survivor's checks out.
    expect(store.registry.listVersions('NVDA').map((v) => v.version)).toEqual([1]);
    expect(store.registry.verifyVersion('NVDA', 1)).toEqual({ ok: true, problems: [] });
    // In the tables: one version row with its files, and no version number taken by the killed attempt.
    expect(await storeRows('SELECT version FROM registry_versions WHERE symbol = $1', ['NVDA'])).toEqual([{ version: 1 }]);
    expect(await storeRows('SELECT last_version FROM registry_symbols WHERE symbol = $1', ['NVDA'])).toEqual([{ last_version: 1 }]);
    // Its file rows are exactly the files its checksums cover (model.json and weights among them).
    const [row] = await storeRows<{ checksums: string }>("SELECT convert_from(checksums, 'UTF8') AS checksums FROM registry_versions WHERE symbol = $1", ['NVDA']);
    const covered = Object.keys((JSON.parse(row!.checksums) as { files: Record<string, unknown> }).files).sort();
    expect(covered).toEqual(expect.arrayContaining(['metadata.json', 'model.json', 'weights.bin']));
    const files = await storeRows<{ path: string }>('SELECT path FROM registry_version_files WHERE symbol = $1 AND version = 1 ORDER BY path', ['NVDA']);
    expect(files.map((f) => f.path).sort()).toEqual(covered);
    expect(store.registry.loadVersion('NVDA', 1).metadata.dataRange.bars.to).toBe(store.history.refreshStatus('NVDA')?.lastBar);
    await victim.start();
  }, SLOW_TEST_MS);

  it('keeps working after PostgreSQL restarts, without restarting a worker, the API or a store, and loses nothing', async () => {
    const workerPids = cluster.workers.map((w) => w.process().pid);
    const serverPid = cluster.server.process().pid;
    const apiPid = cluster.api!.process().pid;
    const before = { champions: ['SPY', 'AAPL', 'NVDA'].map((s) => store.registry.getChampion(s)?.version ?? null), predicted: await apiJson<{ modelVersion: number }>('/predict/SPY') };
    await cluster.postgres.restart();

    const handle = await retrain('MSFT', true);
    const result = (await handle.result()) as RetrainSymbolResult;
    expect(result).toMatchObject({ symbol: 'MSFT', challengerVersion: 1 });
    expect((await handle.describe()).status.name).toBe('COMPLETED');
    expect(cluster.server.process().pid).toBe(serverPid);
    expect(cluster.workers.map((w) => w.process().pid)).toEqual(workerPids);
    expect(cluster.api!.process().pid).toBe(apiPid);
    expect((await fetch(`${cluster.api!.url}/health`)).status).toBe(200);
    // The test process's stores, opened before the restart, reconnected; what was stored is there.
    expect(['SPY', 'AAPL', 'NVDA'].map((s) => store.registry.getChampion(s)?.version ?? null)).toEqual(before.champions);
    expect(store.registry.verifyVersion('MSFT', 1)).toEqual({ ok: true, problems: [] });
    expect(await apiJson<{ modelVersion: number }>('/predict/SPY')).toMatchObject({ modelVersion: before.predicted.modelVersion });
    // The API reads the version written after the restart (its summaries are cached briefly).
    const msft = await eventually(() => apiJson<{ versions: Array<{ version: number }> }>('/models/MSFT').catch(() => null), (m) => m !== null, {
      what: 'the API lists MSFT v1', timeoutMs: scaled(60_000), intervalMs: 1000,
    });
    expect(msft?.versions.map((v) => v.version)).toEqual([1]);
  }, SLOW_TEST_MS);

  it('runs the compose file\'s schema and namespace jobs, as written, against this cluster', async () => {
    const project = await loadCompose();
    const binaries = temporalBinaries();
    const jobScript = (name: string) => {
      const job = project.services[name];
      if (!job) throw new Error(`the compose file has no ${name} service`);
      const [shell, ...args] = [...(job.entrypoint ?? []), ...(job.command ?? [])];
      if (shell === undefined) throw new Error(`the compose ${name} service has no entrypoint or command`);
      return { shell, args, env: job.environment ?? {} };
    };
    // The schema job on the cluster's PostgreSQL, with this build's sql tool and schema files
    // where the admin-tools image keeps them: idempotent on the schemas the harness applied.
    const schema = jobScript('temporal-schema');
    await run(schema.shell, schema.args.map((a) => a.replaceAll('/etc/temporal/schema', path.join(binaries.dir, 'schema'))), {
      env: { ...schema.env, SQL_HOST: '127.0.0.1', SQL_PORT: String(cluster.postgres.port), PATH: `${binaries.dir}:${process.env.PATH}` },
    });
    // The namespace job creates a namespace that does not exist yet and waits until it is served.
    const namespaceJob = jobScript('temporal-namespace');
    const cliDir = path.dirname(resolveTemporalCli());
    await run(namespaceJob.shell, namespaceJob.args, {
      env: { ...namespaceJob.env, TEMPORAL_ADDRESS: cluster.address, NAMESPACE: 'compose-check', PATH: `${cliDir}:${process.env.PATH}` },
      timeout: scaled(120_000),
    });
    const described = await client.workflowService.describeNamespace({ namespace: 'compose-check' });
    expect(described.namespaceInfo?.name).toBe('compose-check');
  }, SLOW_TEST_MS);
});
