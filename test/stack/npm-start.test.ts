import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { HistoryStore } from '../../history';
import { ModelRegistry } from '../../registry';
import { freePort } from '../../runtime';
import { PRICES_DIR, REPO_ROOT } from '../helpers/paths';
import { tempDir } from '../helpers/temp-dir';

const exec = promisify(execFile);

/** `npm start -- --once` as a process: its own dev server, worker, schedules, API and first run. */
/** The same stack through the CLI: `stockflow dev --once`. */
async function devOnce(env: Record<string, string>): Promise<string> {
  const { stdout } = await exec(process.execPath, [path.join(REPO_ROOT, 'bin/stockflow.js'), 'dev', '--once'], {
    cwd: REPO_ROOT, env: { ...process.env, ...env }, timeout: 240_000,
  });
  return stdout;
}

async function startOnce(env: Record<string, string>): Promise<string> {
  const { stdout } = await exec(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'stack/main.ts'), '--once'], {
    cwd: REPO_ROOT, env: { ...process.env, ...env }, timeout: 240_000,
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

describe('npm start (the embedded stack)', () => {
  it('brings everything up, trains the first models, and resumes from its own state on the next start', async () => {
    const dataDir = tempDir('stockflow-stack-');
    const env = await stackEnv(dataDir, { STOCKFLOW_PRICE_SOURCE: `csv:${PRICES_DIR}`, STOCKFLOW_SYMBOLS: 'SMR,AUR' });

    const first = await startOnce(env);
    expect(first).toMatch(/Temporal dev server at 127\.0\.0\.1:\d+ \(started/);
    expect(first).toContain('schedules: weekly-training created, monitoring created, monthly-comprehensive created, daily-cleanup created');
    expect(first).toMatch(/SMR +\+836 rows/);
    expect(first).toContain('prices: 2 symbols up to date, 0 failed');
    expect(first).toContain('first run: quick-training 2 symbols never trained (SMR, AUR)');
    expect(first).toMatch(/first run: \d promoted, \d kept \(below the promotion gate\), 0 failed/);
    expect(first).toMatch(new RegExp(`Dashboard: +http://127\\.0\\.0\\.1:${env.STOCKFLOW_API_PORT}/`));
    expect(first).toMatch(new RegExp(`Temporal UI: +http://localhost:${env.TEMPORAL_DEV_SERVER_UI_PORT}`));
    expect(existsSync(path.join(dataDir, 'temporal', 'dev-server.sqlite'))).toBe(true);
    const registry = new ModelRegistry({ root: path.join(dataDir, 'models') });
    expect(registry.listVersions('SMR')).toHaveLength(1);
    expect(registry.listVersions('AUR')).toHaveLength(1);

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
  });

  it('says when Yahoo cannot be reached and names the offline choices (this machine has no internet)', async () => {
    const env = await stackEnv(tempDir('stockflow-stack-yahoo-'), { STOCKFLOW_PRICE_SOURCE: 'yahoo', STOCKFLOW_SYMBOLS: 'SPY' });
    const failure = await startOnce(env).then(() => null, (e: { code: number; stdout: string }) => e);
    expect(failure?.code).toBe(2);
    expect(failure?.stdout).toMatch(/SPY +FAILED DataSourceUnavailableError: yahoo unavailable/);
    expect(failure?.stdout).toContain('Yahoo Finance could not be reached.');
    expect(failure?.stdout).toContain('STOCKFLOW_PRICE_SOURCE=csv:../shared/data/prices npm start');
    expect(failure?.stdout).toContain('STOCKFLOW_PRICE_SOURCE=synthetic npm start');
  });
});
