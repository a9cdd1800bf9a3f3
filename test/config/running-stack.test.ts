/**
 * The running stack's state file as the CLI reads it: the endpoints fill what the configuration
 * leaves unset, the file and the environment still win, and a file whose process is gone (or that
 * is not a state file) is ignored with a one-line note.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiBaseUrl, loadConfig, readStackState, removeStackState, temporalAddress, writeStackState, type StackState } from '../../config/index.js';
import { temporalUiUrl } from '../../client/target/index.js';
import { tempDir } from '../helpers/temp-dir.js';

function stateOf(pid: number, over: Partial<StackState['temporal']> = {}): StackState {
  return {
    pid,
    startedAt: '2026-11-30T16:00:00.000Z',
    temporal: { address: '127.0.0.1:17233', namespace: 'stack-ns', taskQueue: 'stack-queue', embedded: true, uiUrl: 'http://localhost:18233', ...over },
    api: { url: 'http://127.0.0.1:13000' },
  };
}

/** A directory with `.stockflow/stack.json` written by `pid`. */
async function cwdWithState(state: StackState): Promise<string> {
  const cwd = tempDir('stockflow-stack-state-');
  mkdirSync(path.join(cwd, '.stockflow'));
  await writeStackState(path.join(cwd, '.stockflow'), state);
  return cwd;
}

describe('the running stack state file', () => {
  it('gives the CLI the stack endpoints when nothing is configured', async () => {
    const cwd = await cwdWithState(stateOf(process.pid));
    const config = loadConfig({ cwd, env: {}, runningStack: true });
    expect(config.runningStack).toEqual({ file: path.join(cwd, '.stockflow', 'stack.json'), used: true });
    expect(temporalAddress(config)).toBe('127.0.0.1:17233');
    expect(config.temporal).toMatchObject({ namespace: 'stack-ns', taskQueue: 'stack-queue' });
    expect(config.temporal.address).toBeUndefined();
    expect(temporalUiUrl(config)).toBe('http://localhost:18233');
    expect(apiBaseUrl(config)).toBe('http://127.0.0.1:13000');
    // The stack itself (no runningStack) never reads it.
    expect(temporalAddress(loadConfig({ cwd, env: {} }))).toBe('127.0.0.1:7233');
  });

  it('lets the environment and the configuration file win', async () => {
    const cwd = await cwdWithState(stateOf(process.pid));
    const env = loadConfig({ cwd, env: { TEMPORAL_DEV_SERVER_PORT: '27233', STOCKFLOW_API_PORT: '23000' }, runningStack: true });
    expect([temporalAddress(env), apiBaseUrl(env), env.temporal.namespace]).toEqual(['127.0.0.1:27233', 'http://127.0.0.1:23000', 'stack-ns']);
    writeFileSync(path.join(cwd, 'stockflow.config.yaml'), 'temporal: { namespace: mine, address: "cluster:7233" }\n');
    const file = loadConfig({ cwd, env: {}, runningStack: true });
    expect([temporalAddress(file), file.temporal.namespace, file.temporal.taskQueue]).toEqual(['cluster:7233', 'mine', 'stack-queue']);
  });

  it('connects to a cluster the stack used', async () => {
    const cwd = await cwdWithState(stateOf(process.pid, { address: 'temporal.internal:7233', embedded: false, uiUrl: null }));
    const config = loadConfig({ cwd, env: {}, runningStack: true });
    expect(config.temporal.address).toBe('temporal.internal:7233');
    expect(temporalUiUrl(config)).toBeUndefined();
  });

  it('ignores a state file whose process is gone, with a one-line note', async () => {
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    const cwd = await cwdWithState(stateOf(gone));
    const config = loadConfig({ cwd, env: {}, runningStack: true });
    expect(temporalAddress(config)).toBe('127.0.0.1:7233');
    expect(config.runningStack?.used).toBe(false);
    expect(config.runningStack?.note).toBe(`ignoring ${path.join(cwd, '.stockflow', 'stack.json')}: the stack that wrote it (pid ${gone}, started 2026-11-30T16:00:00.000Z) is no longer running`);
    expect(config.runningStack?.note).not.toContain('\n');
  });

  it('ignores a file that is not a state file, saying why', () => {
    const cwd = tempDir('stockflow-stack-state-');
    mkdirSync(path.join(cwd, '.stockflow'));
    writeFileSync(path.join(cwd, '.stockflow', 'stack.json'), '{"pid": "x"}');
    const config = loadConfig({ cwd, env: {}, runningStack: true });
    expect(config.runningStack?.note).toMatch(/stack\.json: it is not a stockflow state file \(pid: /);
    expect(temporalAddress(config)).toBe('127.0.0.1:7233');
  });

  it('is removed by the process that wrote it, not by another one', async () => {
    const dir = tempDir('stockflow-stack-state-');
    const file = await writeStackState(dir, stateOf(process.pid));
    removeStackState(dir, process.pid + 1);
    expect(readStackState(file).kind).toBe('ok');
    removeStackState(dir);
    expect(readStackState(file).kind).toBe('missing');
  });
});
