import type { CalendarSpec, ScheduleOptions } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import { GENERAL_TASK_QUEUE } from '../common/constants.js';
import type { ScheduleSpec } from '../config/index.js';
import { SCHEDULE_KEYS, SCHEDULED_WORKFLOWS, scheduleIdOf, type ScheduledWorkflow, type ScheduleScope, type SchedulesConfig } from './catalog.js';

export interface ScheduleBuildOptions extends ScheduleScope {
  /** Task queue the scheduled workflows start on (default GENERAL_TASK_QUEUE). */
  taskQueue?: string;
}

/**
 * The four schedules as Temporal `ScheduleOptions`, built from configuration only (pure).
 * Times are wall-clock times in `config.timeZone`; the server does the time-zone arithmetic,
 * with Temporal's DST rule: a time that does not exist that day is skipped and a time that
 * happens twice fires twice (see `findDstHazards`).
 */
export function buildScheduleDefinitions(config: SchedulesConfig, options: ScheduleBuildOptions = {}): ScheduleOptions[] {
  return SCHEDULE_KEYS.map((key) => buildScheduleDefinition(SCHEDULED_WORKFLOWS[key], config, options));
}

export function buildScheduleDefinition(s: ScheduledWorkflow, config: SchedulesConfig, options: ScheduleBuildOptions = {}): ScheduleOptions {
  const spec = config[s.key];
  return {
    scheduleId: scheduleIdOf(s, options),
    spec: { calendars: calendarsFor(spec), timezone: config.timeZone },
    action: {
      type: 'startWorkflow',
      workflowType: s.workflowType,
      workflowId: `${options.idPrefix ?? ''}${s.workflowIdBase}`,
      taskQueue: options.taskQueue ?? GENERAL_TASK_QUEUE,
      args: [s.input],
    },
    policies: {
      overlap: s.overlap,
      // The config schema admits only "<n>ms|s|m|h|d", a subset of the ms format Temporal parses.
      catchupWindow: config.catchupWindow as Duration,
      // A failed run is visible in the Temporal UI and alerts; the next run should still happen.
      pauseOnFailure: false,
    },
    memo: { purpose: s.purpose, configKey: `schedules.${s.key}`, managedBy: 'stockflow' },
    state: {
      paused: spec.paused ?? false,
      note: `${spec.paused ? 'paused by' : 'applied from'} configuration: ${describeWhen(spec, config.timeZone)}`,
    },
  };
}

/**
 * One calendar per configured time, so "06:00, 12:30" never becomes the cross product
 * {6,12}×{0,30}. Days of week and of month both have to match when both are given.
 */
export function calendarsFor(spec: ScheduleSpec): CalendarSpec[] {
  return spec.times.map((time) => {
    const [hour, minute] = time.split(':').map(Number);
    const calendar: CalendarSpec = { hour, minute, comment: time };
    if (spec.daysOfWeek?.length) calendar.dayOfWeek = [...spec.daysOfWeek];
    if (spec.daysOfMonth?.length) calendar.dayOfMonth = [...spec.daysOfMonth];
    return calendar;
  });
}

/** "MONDAY–FRIDAY at 06:00, 12:00, 18:00 (America/New_York)" for notes and listings. */
export function describeWhen(spec: ScheduleSpec, timeZone: string): string {
  const days: string[] = [];
  if (spec.daysOfWeek?.length) days.push(spec.daysOfWeek.join(', '));
  if (spec.daysOfMonth?.length) days.push(`day ${spec.daysOfMonth.join(', ')} of the month`);
  return `${days.length ? days.join(' and ') : 'every day'} at ${spec.times.join(', ')} (${timeZone})`;
}
