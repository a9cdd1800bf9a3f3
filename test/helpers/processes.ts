/**
 * Entry points as real child processes, the way signal-handling tests need them: `node --import
 * tsx <file>` (never `node_modules/.bin/tsx`, whose signal relay SIGKILLs its child 60 ms after
 * relaying a signal, so an exit code would measure tsx, not our code), output collected, and a
 * wait for a readiness line before anyone sends a signal.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './paths.js';
import { POLL_TIMEOUT_MS } from './timeouts.js';

export interface RunningProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** stdout and stderr so far, interleaved as received. */
  output(): string;
  /** Resolves once the output contains `text` (or matches it); rejects if the process exits first or the deadline passes. */
  waitForOutput(text: string | RegExp, timeoutMs?: number): Promise<void>;
  /** Exit code and signal, once the process has exited and its output is read. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILLs the process if it is still running (for `finally` blocks). */
  killIfRunning(): void;
}

/** tsx's loader as a file URL, so `--import` finds it whatever the child's working directory. */
const TSX_LOADER = pathToFileURL(createRequire(path.join(REPO_ROOT, 'package.json')).resolve('tsx')).href;

/** Starts `node --import tsx <entry> …args` with `env` added to this process's environment. */
export function startTsProcess(entry: string, args: string[], options: { cwd: string; env: Record<string, string> }): RunningProcess {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, entry, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const l of listeners) l();
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  let closed = false;
  // 'close', not 'exit': by then every byte of stdout and stderr has been read.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => {
      closed = true;
      resolve({ code, signal });
      for (const l of listeners) l();
    });
  });
  const matches = (text: string | RegExp) => (typeof text === 'string' ? output.includes(text) : text.test(output));

  return {
    child,
    output: () => output,
    exited,
    waitForOutput(text, timeoutMs = POLL_TIMEOUT_MS) {
      return new Promise<void>((resolve, reject) => {
        const done = (err?: Error) => {
          listeners.delete(check);
          clearTimeout(timer);
          if (err) reject(err);
          else resolve();
        };
        const check = () => {
          if (matches(text)) done();
          else if (closed) {
            done(new Error(`process exited (code ${child.exitCode}, signal ${child.signalCode}) before printing ${String(text)}; output:\n${output}`));
          }
        };
        const timer = setTimeout(() => done(new Error(`no ${String(text)} within ${timeoutMs} ms; output so far:\n${output}`)), timeoutMs);
        listeners.add(check);
        check();
      });
    },
    killIfRunning() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
