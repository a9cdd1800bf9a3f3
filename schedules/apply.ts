import { ScheduleAlreadyRunning, type Client, type ScheduleOptions } from '@temporalio/client';
import { SCHEDULE_KEYS, SCHEDULED_WORKFLOWS, type ScheduleName, type SchedulesConfig } from './catalog.js';
import { buildScheduleDefinition, type ScheduleBuildOptions } from './definitions.js';
import { findDstHazards, type DstHazard } from './dst.js';

export type ApplyOutcome = 'created' | 'updated';

export interface ApplyResult {
  outcomes: Record<ScheduleName, ApplyOutcome>;
  /** Configured times that a DST change in the coming year skips or repeats. */
  warnings: DstHazard[];
}

/**
 * Makes the server's schedules match the configuration: creates a missing schedule, replaces
 * the definition of an existing one (same id, so applying twice never duplicates anything).
 *
 * Pause state on update: a spec with `paused: true|false` enforces it; a spec without `paused`
 * keeps whatever an operator set (and their note), so re-applying never silently unpauses a
 * schedule someone paused on purpose. The memo is set at creation only (Temporal cannot update it).
 */
export async function applySchedules(client: Client, config: SchedulesConfig, options: ScheduleBuildOptions = {}): Promise<ApplyResult> {
  const outcomes = {} as Record<ScheduleName, ApplyOutcome>;
  for (const key of SCHEDULE_KEYS) {
    const s = SCHEDULED_WORKFLOWS[key];
    outcomes[s.name] = await applyOne(client, buildScheduleDefinition(s, config, options), config[key].paused);
  }
  return { outcomes, warnings: findDstHazards(config) };
}

async function applyOne(client: Client, definition: ScheduleOptions, configuredPause: boolean | undefined): Promise<ApplyOutcome> {
  try {
    // Create first and fall back to update: no check-then-create race between two appliers.
    await client.schedule.create(definition);
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  const { scheduleId: _id, memo: _memo, state, ...rest } = definition;
  await client.schedule.getHandle(definition.scheduleId).update((previous) => ({
    ...rest,
    state: configuredPause === undefined && previous.state.paused
      ? { paused: true, note: previous.state.note }
      : { paused: state?.paused, note: state?.note },
  }));
  return 'updated';
}
