/**
 * `npm start` as a process: its own dev server, worker, schedules, API and first training, served
 * until Ctrl-C; then a second start through `stockflow dev --once` that resumes from the state
 * the first left. Every wait is for observable state (a readiness line, a workflow result), and
 * every timeout comes from the one scaled setting (test/helpers/timeouts.ts).
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import type { BatchRetrainResult } from '../../../common/wire/index.js';
import { HistoryStore } from '../../../domain/history/index.js';
import { ModelRegistry } from '../../../domain/registry/index.js';
import { freePort } from '../../../client/target/index.js';
import { PRICES_DIR, REPO_ROOT } from '../../helpers/paths.js';
import { startTsProcess } from '../../helpers/processes.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { runCli } from '../cli/helpers.js';
import { scaled } from '../../helpers/timeouts.js';

const exec = promisify(execFile);
/** One stack run: a dev server start, a price refresh, two quick trainings on a quiet machine. */
const STACK_RUN_MS = scaled(150_000);

/** The same stack through the CLI: `stockflow dev --once`. */
async function devOnce(env: Record<string, string>): Promise<string> {
  const { stdout } = await exec(process.execPath, [path.join(REPO_ROOT, 'bin/stockflow.js'), 'dev', '--once'], {
    cwd: REPO_ROOT, env: { ...process.env, ...env }, timeout: STACK_RUN_MS,
  });
  return stdout;
}

async function stackEnv(dataDir: string, more: Record<string, string>): Promise<Record<string, string>> {
  const configFile = path.join(dataDir, 'stockflow.config.yaml');
  writeFileSync(configFile, 'training: { epochs: 3, quickEpochs: 2, seed: 7, evalDays: 60, concurrency: 1 }\n');
  return {
    STOCKFLOW_CONFIG: configFile,
    STOCKFLOW_DATA_DIR: dataDir,
    STOCKFLOW_AVOID_MARKET_HOURS: 'false',
    TEMPORAL_DEV_SERVER_PORT: String(await freePort()),
    TEMPORAL_DEV_SERVER_UI_PORT: String(await freePort()),
    STOCKFLOW_API_PORT: String(await freePort()),
    TEMPORAL_ADDRESS: '',
    ...more,
  };
}

/** Waits for the first-run workflow whose Temporal UI link the stack printed. */
/** A plain TCP connection to a loopback port: resolves when something listens, rejects (ECONNREFUSED) when nothing does. */
function tcpConnect(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.end();
      resolve();
    });
    socket.once('error', reject);
  });
}

async function firstRunResult(output: string, temporalAddress: string): Promise<BatchRetrainResult> {
  const link = /follow it at \S+\/workflows\/([^/\s]+)/.exec(output);
  if (!link) throw new Error(`the stack printed no first-run workflow link; output:\n${output}`);
  const connection = await Connection.connect({ address: temporalAddress });
  try {
    return (await new Client({ connection }).workflow.getHandle(decodeURIComponent(link[1]!)).result()) as BatchRetrainResult;
  } finally {
    await connection.close();
  }
}

describe('npm start (the embedded stack)', () => {
  it('serves the API and dashboard while it runs, trains the first models, stops on Ctrl-C, and resumes from its own state on the next start', async () => {
    const dataDir = tempDir('stockflow-stack-');
    const env = await stackEnv(dataDir, { STOCKFLOW_PRICE_SOURCE: `csv:${PRICES_DIR}`, STOCKFLOW_SYMBOLS: 'SMR,AUR' });
    const api = `http://127.0.0.1:${env.STOCKFLOW_API_PORT}`;
    const temporalAddress = `127.0.0.1:${env.TEMPORAL_DEV_SERVER_PORT}`;

    // node --import tsx, not the tsx binary: SIGINT reaches the stack itself.
    const stack = startTsProcess(path.join(REPO_ROOT, 'apps/stack/main.ts'), [], { cwd: REPO_ROOT, env });
    try {
      await stack.waitForOutput('running. Ctrl-C stops everything.', STACK_RUN_MS);
      const first = stack.output();
      expect(first).toMatch(/Temporal dev server at 127\.0\.0\.1:\d+ \(started/);
      expect(first).toContain('schedules: weekly-training created, monitoring created, monthly-comprehensive created, daily-cleanup created');
      expect(first).toMatch(/SMR +\+836 rows/);
      expect(first).toContain('prices: 2 symbols up to date, 0 failed');
      expect(first).toContain('first run: quick-training 2 symbols never trained (SMR, AUR)');
      // The worker logs the TensorFlow.js backend it activated at start (training threads log theirs too).
      expect(first.match(/\[model\] TensorFlow\.js backend: (tensorflow|wasm)/g)?.length).toBeGreaterThanOrEqual(1);
      expect(first).toMatch(new RegExp(`Dashboard: +${api.replace(/\./g, '\\.')}/`));
      expect(first).toMatch(new RegExp(`Temporal UI: +http://localhost:${env.TEMPORAL_DEV_SERVER_UI_PORT}`));
      expect(existsSync(path.join(dataDir, 'temporal', 'dev-server.sqlite'))).toBe(true);

      // The first training runs in the background on the stack's own worker: wait for its result.
      const batch = await firstRunResult(first, temporalAddress);
      expect(batch).toMatchObject({ requested: 2, failed: 0 });
      const promoted = batch.outcomes.filter((o) => o.result?.promoted).map((o) => o.symbol);
      expect(promoted.length).toBe(batch.promoted);
      const registry = new ModelRegistry({ root: path.join(dataDir, 'models') });
      expect(registry.listVersions('SMR')).toHaveLength(1);
      expect(registry.listVersions('AUR')).toHaveLength(1);

      // The API and the dashboard of the running stack.
      const health = await fetch(`${api}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ symbols: { configured: 2, withModel: promoted.length }, db: { ok: true } });
      for (const symbol of ['SMR', 'AUR']) {
        const res = await fetch(`${api}/predict/${symbol}`);
        const body = (await res.json()) as { symbol?: string; modelVersion?: number; error?: { code: string } };
        // The API serves exactly what the workflow decided: a promoted challenger, or no model.
        if (promoted.includes(symbol)) {
          expect([res.status, body.symbol, body.modelVersion], symbol).toEqual([200, symbol, 1]);
        } else {
          expect([res.status, body.error?.code], symbol).toEqual([404, 'no_model']);
        }
      }
      const page = await fetch(`${api}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await page.text()).toContain('<title>stockflow dashboard</title>');

      // Ctrl-C: the worker, the API and the dev server it started all stop, and it exits 0.
      stack.child.kill('SIGINT');
      expect(await stack.exited, stack.output()).toEqual({ code: 0, signal: null });
      await expect(fetch(`${api}/health`)).rejects.toThrow();
      // Refused, not merely slow: nothing listens on the dev server's port any more.
      await expect(tcpConnect(Number(env.TEMPORAL_DEV_SERVER_PORT))).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    } finally {
      stack.killIfRunning();
    }

    // Second start, through `stockflow dev`: the dev server's SQLite state survived
    // (schedules exist), nothing to train.
    const second = await devOnce(env);
    expect(second).toContain('schedules: weekly-training updated, monitoring updated, monthly-comprehensive updated, daily-cleanup updated');
    expect(second).toMatch(/SMR +\+0 rows/);
    expect(second).not.toContain('first run:');
    const history = HistoryStore.open({ file: path.join(dataDir, 'history.sqlite'), readonly: true });
    try {
      expect(history.evaluationHistory('SMR', { kind: 'holdout' })).toHaveLength(1);
    } finally {
      history.close();
    }
  }, scaled(360_000));

  it('with Yahoo unreachable: the offline hint first, one line per symbol, no stack traces (they go to the log file), under 40 lines; a CLI in another process finds the stack through its state file', async () => {
    // A newcomer's directory: no configuration file, the default data directory (./.stockflow).
    const home = tempDir('stockflow-stack-yahoo-');
    const dataDir = path.join(home, '.stockflow');
    const ports = { dev: await freePort(), ui: await freePort(), api: await freePort() };
    const stack = startTsProcess(path.join(REPO_ROOT, 'apps/stack/main.ts'), [], {
      cwd: home,
      env: {
        STOCKFLOW_PRICE_SOURCE: 'yahoo', STOCKFLOW_SYMBOLS: 'SPY,NVDA,AAPL', STOCKFLOW_AVOID_MARKET_HOURS: 'false',
        TEMPORAL_DEV_SERVER_PORT: String(ports.dev), TEMPORAL_DEV_SERVER_UI_PORT: String(ports.ui), STOCKFLOW_API_PORT: String(ports.api),
        TEMPORAL_ADDRESS: '', STOCKFLOW_DATA_DIR: '', STOCKFLOW_CONFIG: '',
      },
    });
    try {
      await stack.waitForOutput('running. Ctrl-C stops everything.', STACK_RUN_MS);
      const lines = stack.output().trimEnd().split('\n');
      expect(lines.length, stack.output()).toBeLessThan(40);
      expect(stack.output()).not.toMatch(/^\s+at /m);
      expect(stack.output()).not.toContain('No workflows registered');
      const hint = lines.findIndex((l) => l.startsWith('Yahoo Finance could not be reached'));
      const failures = lines.flatMap((l, i) => (/^ {2}[A-Z]+ +FAILED /.test(l) ? [i] : []));
      expect(failures.map((i) => lines[i]!.trim().split(/\s+/)[0])).toEqual(['SPY', 'NVDA', 'AAPL']);
      expect(hint, stack.output()).toBeGreaterThanOrEqual(0);
      expect(hint).toBeLessThan(Math.min(...failures));
      expect(lines[hint + 1]).toMatch(/^ {2}npm start -- --offline +\(or STOCKFLOW_OFFLINE=1; prices from (csv:\/\S+|synthetic)\)$/);
      expect(stack.output()).toContain('STOCKFLOW_PRICE_SOURCE=synthetic npm start');
      // The details the terminal was spared: in the log file the hint names.
      const logFile = path.join(dataDir, 'logs', 'stack.log');
      expect(lines[hint]).toContain(logFile);
      expect(readFileSync(logFile, 'utf8')).toMatch(/Activity failed[\s\S]*DataSourceUnavailableError[\s\S]*\n\s+at /);

      // Another terminal: the same directory, no STOCKFLOW_* or TEMPORAL_* variable at all.
      const stateFile = path.join(dataDir, 'stack.json');
      const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { pid: number; temporal: { address: string }; api: { url: string } };
      expect(state).toMatchObject({ pid: stack.child.pid, temporal: { address: `127.0.0.1:${ports.dev}` }, api: { url: `http://127.0.0.1:${ports.api}` } });
      const listed = await runCli(['schedules', 'list', '--json'], {}, { cwd: home });
      expect(listed.code, listed.stderr).toBe(0);
      const ids = listed.json<{ schedules: Array<{ scheduleId: string }> }>().schedules.map((s) => s.scheduleId).sort();
      expect(ids).toEqual(['daily-cleanup', 'monitoring', 'monthly-comprehensive', 'weekly-training']);

      // Ctrl-C removes the state file: the next CLI falls back to the defaults.
      stack.child.kill('SIGINT');
      expect(await stack.exited, stack.output()).toMatchObject({ signal: null });
      expect(existsSync(stateFile)).toBe(false);
    } finally {
      stack.killIfRunning();
    }
  }, scaled(300_000));
});
