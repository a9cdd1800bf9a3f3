export {
  SCHEDULED_WORKFLOWS, SCHEDULE_KEYS, SCHEDULE_NAMES, scheduledWorkflow, scheduleIdOf,
  type ScheduledWorkflow, type ScheduleKey, type ScheduleName, type ScheduleScope, type SchedulesConfig,
} from './catalog.js';
export { buildScheduleDefinitions, buildScheduleDefinition, calendarsFor, describeWhen, type ScheduleBuildOptions } from './definitions.js';
export { applySchedules, type ApplyOutcome, type ApplyResult } from './apply.js';
export {
  listSchedules, describeSchedule, pauseSchedule, unpauseSchedule, triggerSchedule,
  deleteSchedule, deleteAllSchedules, type ScheduleListing, type TriggerResult,
} from './operations.js';
export { findDstHazards, type DstHazard } from './dst.js';
export { toStatus, type ScheduleStatus, type ScheduleRun } from './status.js';
export { UnknownScheduleError, ScheduleNotAppliedError } from './errors.js';
