export {
  SCHEDULED_WORKFLOWS, SCHEDULE_KEYS, SCHEDULE_NAMES, scheduledWorkflow, scheduleIdOf,
  type ScheduledWorkflow, type ScheduleKey, type ScheduleName, type ScheduleScope, type SchedulesConfig,
} from './catalog';
export { buildScheduleDefinitions, buildScheduleDefinition, calendarsFor, describeWhen, type ScheduleBuildOptions } from './definitions';
export { applySchedules, type ApplyOutcome, type ApplyResult } from './apply';
export {
  listSchedules, describeSchedule, pauseSchedule, unpauseSchedule, triggerSchedule,
  deleteSchedule, deleteAllSchedules, type ScheduleListing, type TriggerResult,
} from './operations';
export { findDstHazards, type DstHazard } from './dst';
export { toStatus, type ScheduleStatus, type ScheduleRun } from './status';
export { UnknownScheduleError, ScheduleNotAppliedError } from './errors';
