import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../helpers/paths.js';
import { scaled } from '../../helpers/timeouts.js';

const BIN = path.join(REPO_ROOT, 'bin', 'stockflow.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (for --json runs). */
  json<T = Record<string, unknown>>(): T;
}

/**
 * Runs `node bin/stockflow.js …` as a real process with exactly `env` (plus PATH/HOME), the way
 * an operator would, and never throws on a non-zero exit. The default timeout is 120 s scaled by
 * STOCKFLOW_TEST_TIMEOUT_SCALE.
 */
export function runCli(args: string[], env: Record<string, string>, options: { timeoutMs?: number; cwd?: string } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      timeout: options.timeoutMs ?? scaled(120_000),
      maxBuffer: 16 * 1024 * 1024,
    }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      if (code === null) {
        reject(new Error(`stockflow ${args.join(' ')} did not exit normally: ${error?.message}\nstderr: ${stderr}`));
        return;
      }
      resolve({
        code, stdout, stderr,
        json: <T>() => {
          try {
            return JSON.parse(stdout) as T;
          } catch {
            throw new Error(`stockflow ${args.join(' ')}: stdout is not JSON (exit ${code}):\n${stdout}\nstderr: ${stderr}`);
          }
        },
      });
    });
  });
}

/** A small configuration file: 2 epochs and 40 evaluation days keep real training fast. */
export function writeTestConfig(dir: string): string {
  const file = path.join(dir, 'stockflow.test.yaml');
  writeFileSync(file, [
    'training:',
    '  epochs: 2',
    '  quickEpochs: 2',
    '  seed: 7',
    '  evalDays: 40',
    '  concurrency: 1',
    'marketHours:',
    '  avoidMarketHours: false',
    '',
  ].join('\n'));
  return file;
}
