/**
 * A child process of the cluster harness with its output appended to a log file: its pid, a
 * promise of its exit, a graceful stop (signal, then SIGKILL after a grace period) and a hard
 * kill — what `npm run cluster` and the fault-injection tests need of every member.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface ManagedProcessOptions {
  /** Shown in messages, e.g. "temporal-server" or "worker-2". */
  name: string;
  command: string;
  args: string[];
  logFile: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Run as this user and group (the harness runs PostgreSQL as `postgres` when it is root). */
  uid?: number;
  gid?: number;
}

export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Resolves with the exit code or signal once the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  running(): boolean;
  /** Sends `signal` (SIGTERM by default), then SIGKILL after `graceMs`; resolves once it exited. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
  /** SIGKILL, as a crash would; resolves once it exited. */
  kill(): Promise<void>;
  /** The last `bytes` of the log file (for error messages). */
  logTail(bytes?: number): string;
}

/** Members still running; SIGKILLed if the harness exits without stopping them (no orphans). */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export function startManagedProcess(options: ManagedProcessOptions): ManagedProcess {
  mkdirSync(path.dirname(options.logFile), { recursive: true });
  const fd = openSync(options.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', fd, fd],
      uid: options.uid,
      gid: options.gid,
      // A process group of its own: Ctrl-C reaches only the harness, which stops members in order.
      detached: true,
    });
  } finally {
    closeSync(fd);
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', () => resolve({ code: -1, signal: null }));
  });
  if (child.pid === undefined) throw new Error(`${options.name}: could not start ${options.command} (see ${options.logFile})`);
  live.add(child);
  void exited.then(() => live.delete(child));
  const running = () => child.exitCode === null && child.signalCode === null;
  const logTail = (bytes = 3000) => {
    try {
      return readFileSync(options.logFile, 'utf8').slice(-bytes);
    } catch {
      return '';
    }
  };
  return {
    name: options.name,
    pid: child.pid,
    logFile: options.logFile,
    exited,
    running,
    logTail,
    async stop(signal = 'SIGTERM', graceMs = 30_000) {
      if (!running()) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      if (running()) child.kill('SIGKILL');
      await exited;
    },
  };
}
