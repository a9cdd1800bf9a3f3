import { ScheduleNotFoundError, ScheduleOverlapPolicy, type Client, type ScheduleHandle } from '@temporalio/client';
import { SCHEDULE_KEYS, SCHEDULED_WORKFLOWS, scheduledWorkflow, scheduleIdOf, type ScheduledWorkflow, type ScheduleName, type ScheduleScope } from './catalog.js';
import { ScheduleNotAppliedError } from './errors.js';
import { toStatus, type ScheduleStatus } from './status.js';

/**
 * Operator actions on our four schedules. Each takes the public schedule id (`weekly-training`)
 * or its config key (`weeklyTraining`); anything else is an UnknownScheduleError naming the
 * known ids, and a known schedule missing on the server is a ScheduleNotAppliedError.
 */

export interface ScheduleListing {
  schedules: ScheduleStatus[];
  /** Known schedules that do not exist on the server. */
  missing: ScheduleName[];
}

/** Our schedules, described one by one (strongly consistent, unlike the server's list). */
export async function listSchedules(client: Client, scope: ScheduleScope = {}): Promise<ScheduleListing> {
  const listing: ScheduleListing = { schedules: [], missing: [] };
  for (const key of SCHEDULE_KEYS) {
    const s = SCHEDULED_WORKFLOWS[key];
    try {
      listing.schedules.push(toStatus(s, await handleOf(client, s, scope).describe()));
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
      listing.missing.push(s.name);
    }
  }
  return listing;
}

/** One schedule with its next `nextRuns` run times (at most the server's 10) and its last runs. */
export async function describeSchedule(client: Client, id: string, options: ScheduleScope & { nextRuns?: number } = {}): Promise<ScheduleStatus> {
  const s = scheduledWorkflow(id);
  return toStatus(s, await onSchedule(client, s, options, (h) => h.describe()), options.nextRuns ?? 5);
}

export async function pauseSchedule(client: Client, id: string, note: string, scope: ScheduleScope = {}): Promise<void> {
  const s = scheduledWorkflow(id);
  await onSchedule(client, s, scope, (h) => h.pause(note));
}

export async function unpauseSchedule(client: Client, id: string, note: string, scope: ScheduleScope = {}): Promise<void> {
  const s = scheduledWorkflow(id);
  await onSchedule(client, s, scope, (h) => h.unpause(note));
}

export interface TriggerResult {
  scheduleId: string;
  /**
   * Runs of this schedule that were already going. When non-empty the trigger was skipped
   * (overlap policy SKIP): a manual "run now" never starts a second training or monitoring pass.
   */
  alreadyRunning: string[];
}

/** Start the scheduled workflow now, unless a run of this schedule is still going. */
export async function triggerSchedule(client: Client, id: string, scope: ScheduleScope = {}): Promise<TriggerResult> {
  const s = scheduledWorkflow(id);
  return onSchedule(client, s, scope, async (h) => {
    // Read before triggering only to tell the operator; SKIP is what actually prevents the overlap.
    const before = await h.describe();
    await h.trigger(ScheduleOverlapPolicy.SKIP);
    return { scheduleId: h.scheduleId, alreadyRunning: before.info.runningActions.map((a) => a.workflow.workflowId) };
  });
}

/** Deletes the schedule; runs it already started keep running. */
export async function deleteSchedule(client: Client, id: string, scope: ScheduleScope = {}): Promise<void> {
  const s = scheduledWorkflow(id);
  await onSchedule(client, s, scope, (h) => h.delete());
}

export async function deleteAllSchedules(client: Client, scope: ScheduleScope = {}): Promise<Record<ScheduleName, 'deleted' | 'absent'>> {
  const outcome = {} as Record<ScheduleName, 'deleted' | 'absent'>;
  for (const key of SCHEDULE_KEYS) {
    const s = SCHEDULED_WORKFLOWS[key];
    try {
      await handleOf(client, s, scope).delete();
      outcome[s.name] = 'deleted';
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
      outcome[s.name] = 'absent';
    }
  }
  return outcome;
}

function handleOf(client: Client, s: ScheduledWorkflow, scope: ScheduleScope): ScheduleHandle {
  return client.schedule.getHandle(scheduleIdOf(s, scope));
}

async function onSchedule<T>(client: Client, s: ScheduledWorkflow, scope: ScheduleScope, fn: (h: ScheduleHandle) => Promise<T>): Promise<T> {
  const handle = handleOf(client, s, scope);
  try {
    return await fn(handle);
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) throw new ScheduleNotAppliedError(handle.scheduleId, { cause: err });
    throw err;
  }
}
