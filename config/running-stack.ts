/**
 * The running stack's endpoints, in a state file in the data directory (`stack.json`): `npm start`
 * writes it once everything serves and removes it on exit; the CLI in another terminal reads it
 * so it finds the stack's Temporal server, namespace, task queue, Temporal UI and API with no
 * environment variables. Configuration (file or environment) always wins over the state file,
 * and a state file whose process is gone is ignored with a one-line note.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';

export const STACK_STATE_FILE = 'stack.json';

const stackStateSchema = z.object({
  pid: z.number().int().positive(),
  startedAt: z.string(),
  temporal: z.object({
    address: z.string().regex(/^[^\s:]+:\d{1,5}$/),
    namespace: z.string().min(1),
    taskQueue: z.string().min(1),
    /** true: the embedded dev server (its port is temporal.devServerPort); false: a cluster. */
    embedded: z.boolean(),
    uiUrl: z.url().nullable(),
  }),
  api: z.object({ url: z.url() }).nullable(),
});

export type StackState = z.infer<typeof stackStateSchema>;

/** What loadConfig did with the state file (for the CLI's one-line note). */
export interface RunningStackUse {
  file: string;
  /** The stack's endpoints were used for the fields the configuration left unset. */
  used: boolean;
  /** Why the file was ignored, one line; absent when it was used. */
  note?: string;
}

export function stackStateFile(dataDir: string): string {
  return path.join(dataDir, STACK_STATE_FILE);
}

/** Writes the state file atomically (a reader never sees half a file). */
export async function writeStackState(dataDir: string, state: StackState): Promise<string> {
  const file = stackStateFile(dataDir);
  await writeFileAtomic(file, `${JSON.stringify(stackStateSchema.parse(state), null, 2)}\n`);
  return file;
}

/** Removes the state file if it is still this process's (another stack may have replaced it). */
export function removeStackState(dataDir: string, pid = process.pid): void {
  const file = stackStateFile(dataDir);
  const read = readStackState(file);
  if (read.kind === 'ok' && read.state.pid !== pid) return;
  rmSync(file, { force: true });
}

type ReadResult = { kind: 'missing' } | { kind: 'invalid'; reason: string } | { kind: 'ok'; state: StackState };

export function readStackState(file: string): ReadResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'invalid', reason: `cannot be read (${(err as Error).message})` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'invalid', reason: 'is not JSON' };
  }
  const parsed = stackStateSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { kind: 'invalid', reason: `is not a stockflow state file (${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'bad shape'})` };
  }
  return { kind: 'ok', state: parsed.data };
}

/** true while a process with this id exists (signal 0 probes without signalling). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Fills the fields the configuration left unset (`isSet(field)` false: neither the file nor the
 * environment named it) from the running stack's state file in `dataDir`, into `merged` (the
 * configuration before validation).
 */
export function applyRunningStack(merged: Record<string, unknown>, dataDir: string, isSet: (field: string) => boolean): RunningStackUse | undefined {
  const file = stackStateFile(dataDir);
  const read = readStackState(file);
  if (read.kind === 'missing') return undefined;
  if (read.kind === 'invalid') return { file, used: false, note: `ignoring ${file}: it ${read.reason}` };
  const { state } = read;
  if (!processAlive(state.pid)) {
    return { file, used: false, note: `ignoring ${file}: the stack that wrote it (pid ${state.pid}, started ${state.startedAt}) is no longer running` };
  }
  const temporal = (merged.temporal ??= {}) as Record<string, unknown>;
  if (!isSet('temporal.address') && !isSet('temporal.devServerPort')) {
    if (state.temporal.embedded) temporal.devServerPort = Number(state.temporal.address.slice(state.temporal.address.lastIndexOf(':') + 1));
    else temporal.address = state.temporal.address;
  }
  if (!isSet('temporal.namespace')) temporal.namespace = state.temporal.namespace;
  if (!isSet('temporal.taskQueue')) temporal.taskQueue = state.temporal.taskQueue;
  if (state.temporal.uiUrl && !isSet('temporal.uiUrl') && !isSet('temporal.devServerUiPort')) temporal.uiUrl = state.temporal.uiUrl;
  if (state.api && !isSet('api.url') && !isSet('api.port') && !isSet('api.host')) {
    ((merged.api ??= {}) as Record<string, unknown>).url = state.api.url;
  }
  return { file, used: true };
}
