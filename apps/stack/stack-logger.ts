/**
 * The Temporal SDK's log inside `npm start`: every entry, with its metadata and stack traces, goes
 * to a log file in the data directory; the terminal gets one line per entry, and none for what
 * the stack reports itself (a failed activity or workflow: the refresh and training summaries
 * say what failed) or what is harmless (the training-queue worker has no workflows by design,
 * so the SDK's "No workflows registered, not polling…" is dropped).
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import { DefaultLogger, type LogEntry } from '@temporalio/worker';

/** Entries dropped everywhere: expected, and nothing to act on. */
const HARMLESS = [/^No workflows registered, not polling for workflow tasks/];
/** Entries kept out of the terminal (the log file has them): the stack's own summaries cover them. */
const REPORTED_ELSEWHERE = [/^Activity failed/, /^Workflow failed/, /^Activity task failed/, /^Workflow task failed/];

export function stackLogFile(dataDir: string): string {
  return path.join(dataDir, 'logs', 'stack.log');
}

/** A logger for Runtime.install: WARN and above, to `file` in full and to `console` in one line. */
export function stackLogger(file: string, consoleLine: (line: string) => void): DefaultLogger {
  mkdirSync(path.dirname(file), { recursive: true });
  return new DefaultLogger('WARN', (entry: LogEntry) => {
    if (HARMLESS.some((re) => re.test(entry.message))) return;
    const at = new Date(Number(entry.timestampNanos / 1_000_000n)).toISOString();
    const meta = entry.meta && Object.keys(entry.meta).length > 0 ? ` ${inspect(entry.meta, { depth: 6, breakLength: 120 })}` : '';
    appendFileSync(file, `${at} [${entry.level}] ${entry.message}${meta}\n`);
    if (REPORTED_ELSEWHERE.some((re) => re.test(entry.message))) return;
    consoleLine(`[${entry.level}] ${entry.message.split('\n')[0]} (details: ${file})`);
  });
}
