/**
 * Durability across the loss of the Temporal server itself: a retrain — training, or waiting on
 * its market-close timer — while the dev server process is killed (-9) and restarted on the same
 * SQLite file and port. Each test runs a private dev server (the project's own launcher) and
 * private workers, so killing it touches no other test file.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { retrainProgress, startRetrainSymbol } from '../../client/index.js';
import type { RetrainSymbolResult } from '../../common/wire/index.js';
import type { ModelRegistry } from '../../domain/registry/index.js';
import { startDevServer, type DevServer } from '../../client/target/dev-server.js';
import type { ActivityDeps } from '../../activities/index.js';
import { testDeps } from '../helpers/deps.js';
import { eventually } from '../helpers/eventually.js';
import { writeAliasedPrices } from '../helpers/price-files.js';
import { tempDir } from '../helpers/temp-dir.js';
import { testClient, withWorkers } from '../helpers/temporal.js';
import { scaled } from '../helpers/timeouts.js';

/** Long enough (40 epochs) that training is seen under way before it ends. */
const TRAINING = { epochs: 40, quickEpochs: 2, seed: 7, evalDays: 60 };
/** Two dev-server start-ups, a champion's training and a retrain's, on a shared, busy machine. */
const SLOW_TEST_MS = scaled(360_000);
const SERVER_START_MS = scaled(60_000);

function startPrivateServer(dir: string, port?: number): Promise<DevServer> {
  return startDevServer({
    dbFile: path.join(dir, 'temporal.sqlite'), port, uiPort: false,
    logFile: path.join(dir, 'temporal-server.log'), startTimeoutMs: SERVER_START_MS,
  });
}

/** kill -9 the server process, then start a new one on the same SQLite file and port. */
async function killAndRestart(server: DevServer, dir: string): Promise<{ server: DevServer; killedAt: number }> {
  const port = Number(server.address.slice(server.address.lastIndexOf(':') + 1));
  process.kill(server.pid, 'SIGKILL');
  const killedAt = Date.now();
  await server.stop(); // reaps the killed process
  return { server: await startPrivateServer(dir, port), killedAt };
}

/** The result of a workflow, read through a new connection to the restarted server. */
async function resultAfterRestart(address: string, workflowId: string) {
  const client = await testClient(address);
  try {
    const handle = client.workflow.getHandle(workflowId);
    const result = await handle.result() as RetrainSymbolResult;
    return { result, status: (await handle.describe()).status.name, events: (await handle.fetchHistory()).events ?? [] };
  } finally {
    await client.connection.close();
  }
}

const auditActions = (registry: ModelRegistry, symbol: string) =>
  registry.auditLog(symbol).entries.map((e) => `${e.action}:${e.from}->${e.to}`);

/** A completed retrain that promoted v2 over v1: one version each, one audit line each, v2 verifies and serves. */
function expectChampionV2Intact(deps: ActivityDeps, symbol: string): void {
  expect(deps.registry.listVersions(symbol).map((v) => v.version)).toEqual([1, 2]);
  expect(auditActions(deps.registry, symbol)).toEqual(['promote:null->1', 'promote:1->2']);
  expect(deps.registry.auditLog(symbol).malformedLines).toEqual([]);
  expect(deps.registry.checkChampion(symbol)).toEqual({ pointer: expect.objectContaining({ version: 2 }) });
  expect(deps.history.decisionHistory(symbol).map((d) => [d.challengerVersion, d.promoted])).toEqual([[1, true], [2, true]]);
  expect(deps.history.retrainAttemptHistory(symbol).map((a) => a.outcome)).toEqual(['promoted', 'promoted']);
  expect(deps.history.latestPrediction(symbol)?.modelVersion).toBe(2);
}

describe('a retrain across a dev-server kill and restart (private server, same SQLite file and port)', () => {
  it('training when the server dies: the retrain completes and promotes, the champion and audit log are intact', async () => {
    const dir = tempDir('stockflow-server-restart-training-');
    const symbol = 'AMZN.SR';
    const pricesDir = writeAliasedPrices(path.join(dir, 'source'), { [symbol]: 'AMZN' });
    // margin 1: the challenger is promoted, so the retrain really moves the pointer.
    const deps = testDeps({ dataDir: dir, pricesDir, symbols: [symbol], training: TRAINING, promotion: { margin: 1, checkBaseline: false } });
    let server = await startPrivateServer(dir);
    try {
      await withWorkers(deps, async ({ client, taskQueue }) => {
        const first = await startRetrainSymbol(client, { symbol, reason: 'test: champion', quick: true }, { taskQueue });
        if (first.status !== 'started') throw new Error('not started');
        expect(await first.handle.result()).toMatchObject({ championAfter: 1, promoted: true });

        const run = await startRetrainSymbol(client, { symbol, reason: 'test: server restart' }, { taskQueue });
        if (run.status !== 'started') throw new Error('not started');
        const workflowId = run.handle.workflowId;
        await eventually(
          () => retrainProgress(client, workflowId).catch(() => undefined),
          (p) => p?.stage === 'training' && (p.training?.epoch ?? 0) >= 1,
          { what: 'the retrain to report training epochs', timeoutMs: scaled(120_000), intervalMs: 100 },
        );
        // Training is under way and nothing of it is saved yet: the server dies now.
        expect(deps.registry.listVersions(symbol).map((v) => v.version)).toEqual([1]);
        ({ server } = await killAndRestart(server, dir));

        const { result, status } = await resultAfterRestart(server.address, workflowId);
        expect(status).toBe('COMPLETED');
        expect(result).toMatchObject({ symbol, challengerVersion: 2, championBefore: 1, championAfter: 2, promoted: true });
      }, { address: server.address });
      expectChampionV2Intact(deps, symbol);
    } finally {
      await server.stop();
    }
  }, SLOW_TEST_MS);

  it('waiting on its market-close timer when the server dies: the timer fires on the restarted server and the retrain proceeds', async () => {
    const dir = tempDir('stockflow-server-restart-timer-');
    const symbol = 'NVDA.SR';
    const pricesDir = writeAliasedPrices(path.join(dir, 'source'), { [symbol]: 'NVDA' });
    // The injected clock stands this long before Tuesday 2026-11-24's 16:00 New York close: the
    // timer is certainly still pending when the server is killed right after it was seen started.
    const waitMs = Math.ceil(scaled(15_000) / 1000) * 1000;
    const now = new Date(Date.parse('2026-11-24T21:00:00Z') - waitMs);
    const deps = testDeps({
      dataDir: dir, pricesDir, symbols: [symbol], avoidMarketHours: true, afterCloseDelayMs: 0, now: () => now,
      promotion: { margin: 1, checkBaseline: false },
    });
    let server = await startPrivateServer(dir);
    try {
      await withWorkers(deps, async ({ client, taskQueue }) => {
        // force: the champion is trained at once, without the wait.
        const first = await startRetrainSymbol(client, { symbol, reason: 'test: champion', quick: true, force: true }, { taskQueue });
        if (first.status !== 'started') throw new Error('not started');
        expect(await first.handle.result()).toMatchObject({ championAfter: 1, promoted: true, waitedForMarketCloseMs: 0 });

        const run = await startRetrainSymbol(client, { symbol, reason: 'test: timer across a server restart', quick: true }, { taskQueue });
        if (run.status !== 'started') throw new Error('not started');
        const workflowId = run.handle.workflowId;
        const waiting = await eventually(
          () => retrainProgress(client, workflowId).catch(() => undefined),
          (p) => p?.stage === 'waiting-for-market-close',
          { what: 'the retrain to report waiting-for-market-close' },
        );
        expect(waiting?.waitingUntil).toBe('2026-11-24T21:00:00.000Z');
        const before = (await run.handle.fetchHistory()).events ?? [];
        expect(before.filter((e) => e.timerStartedEventAttributes).map((e) => Number(e.timerStartedEventAttributes!.startToFireTimeout!.seconds))).toEqual([waitMs / 1000]);
        expect(before.some((e) => e.timerFiredEventAttributes)).toBe(false);
        const restarted = await killAndRestart(server, dir);
        server = restarted.server;

        const { result, status, events } = await resultAfterRestart(server.address, workflowId);
        expect(status).toBe('COMPLETED');
        expect(result).toMatchObject({ symbol, waitedForMarketCloseMs: waitMs, challengerVersion: 2, championBefore: 1, championAfter: 2, promoted: true });
        // One timer, fired by the restarted server (after the old one died); training only after it.
        expect(events.filter((e) => e.timerStartedEventAttributes)).toHaveLength(1);
        const fired = events.findIndex((e) => e.timerFiredEventAttributes);
        expect(fired).toBeGreaterThan(0);
        const firedAt = Number(events[fired]?.eventTime!.seconds) * 1000 + Math.floor((events[fired]?.eventTime!.nanos ?? 0) / 1e6);
        expect(firedAt).toBeGreaterThan(restarted.killedAt);
        const trainingAt = events.findIndex((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'trainChallenger');
        expect(trainingAt).toBeGreaterThan(fired);
      }, { address: server.address });
      expectChampionV2Intact(deps, symbol);
    } finally {
      await server.stop();
    }
  }, SLOW_TEST_MS);
});
