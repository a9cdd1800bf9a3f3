import type { WorkflowHandle, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import type { CommandResult } from './command.js';
import type { CommandContext } from './context.js';
import { CliError, toCliError } from './errors.js';
import { timing } from './progress-timing.js';
import type { TemporalSession } from './temporal.js';

export interface StartedWorkflow {
  workflowType: string;
  workflowId: string;
  runId: string;
  /** Temporal UI link, or null when the UI address is unknown (set TEMPORAL_UI_URL). */
  uiLink: string | null;
}

export function started(session: TemporalSession, workflowType: string, handle: WorkflowHandleWithFirstExecutionRunId): StartedWorkflow {
  const runId = handle.firstExecutionRunId;
  return { workflowType, workflowId: handle.workflowId, runId, uiLink: session.uiLink(handle.workflowId, runId || undefined) };
}

/** `--no-wait`: what was started and where to watch it. */
export function noWaitResult(run: StartedWorkflow, extra: Record<string, unknown> = {}): CommandResult {
  return {
    data: { waited: false, ...run, ...extra },
    lines: [
      `started ${run.workflowType} ${run.workflowId}`,
      run.uiLink ? `  follow it in the Temporal UI: ${run.uiLink}` : '  (set TEMPORAL_UI_URL to get a link into the Temporal UI)',
      `  or: temporal workflow describe --workflow-id ${run.workflowId}`,
    ],
  };
}

/**
 * Waits for a workflow's result while showing that it runs: a ticking line on a terminal, one
 * line at start and end otherwise. A failed workflow becomes a CliError (exit 1, or 4 when its
 * root cause is "not found") that points at the run in the Temporal UI.
 */
export async function awaitResult<T>(ctx: CommandContext, run: StartedWorkflow, handle: WorkflowHandle, label: string): Promise<T> {
  const t0 = Date.now();
  const { progress } = ctx;
  const detach = keepRunningOnInterrupt(run);
  let timer: NodeJS.Timeout | undefined;
  if (progress.tty) {
    const draw = () => progress.write(`\r\x1b[2K${label} …${timing(Date.now() - t0, null)}`);
    draw();
    timer = setInterval(draw, 1000);
  } else {
    progress.write(`${label} (workflow ${run.workflowId}) …\n`);
  }
  try {
    const result = (await handle.result()) as T;
    progress.write(`${progress.tty ? '\r\x1b[2K' : ''}${label}: done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    return result;
  } catch (err) {
    if (progress.tty) progress.write('\r\x1b[2K');
    throw workflowFailure(err, run);
  } finally {
    clearInterval(timer);
    detach();
  }
}

/**
 * Ctrl-C while waiting stops the waiting, not the work: the workflow keeps running in Temporal,
 * and the message says where to find it. Returns the function that removes the handler.
 */
export function keepRunningOnInterrupt(run: StartedWorkflow): () => void {
  const onInterrupt = () => {
    process.stderr.write(`\nstopped waiting; ${run.workflowType} ${run.workflowId} keeps running in Temporal${run.uiLink ? `: ${run.uiLink}` : ''}\n`);
    process.exit(130);
  };
  process.once('SIGINT', onInterrupt);
  return () => { process.off('SIGINT', onInterrupt); };
}

/** The failure of a workflow, as a person-facing error that names the run. */
export function workflowFailure(err: unknown, run: StartedWorkflow): CliError {
  const e = toCliError(err);
  if (e.exitCode === 3) return e;
  const where = run.uiLink ? `see ${run.uiLink}` : `see \`temporal workflow show --workflow-id ${run.workflowId}\``;
  return new CliError(e.exitCode, e.code, `${run.workflowType} failed: ${e.what}`, e.todo ? `${e.todo}; ${where}` : `Details: ${where}`, { cause: err });
}
