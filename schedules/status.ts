import type { ScheduleDescription, ScheduleOverlapPolicy } from '@temporalio/client';
import type { ScheduledWorkflow, ScheduleName } from './catalog.js';

export interface ScheduleRun {
  /** When the calendar (or a trigger) said the run was due. */
  scheduledAt: Date;
  /** When the server started the workflow. */
  takenAt: Date;
  workflowId: string;
  firstExecutionRunId: string;
}

/** What an operator wants to know about one schedule. */
export interface ScheduleStatus {
  name: ScheduleName;
  /** The id on the server (with any prefix). */
  scheduleId: string;
  workflowType: string;
  taskQueue: string;
  timeZone: string;
  paused: boolean;
  note?: string;
  overlap: ScheduleOverlapPolicy;
  catchupWindowMs: number;
  /** Upcoming run times, soonest first (the server computes up to 10). */
  nextRunTimes: Date[];
  /** Most recent runs including manual triggers, oldest first. */
  recentRuns: ScheduleRun[];
  /** Workflow ids of runs started by this schedule that are still running. */
  runningWorkflowIds: string[];
  actionsTaken: number;
  skippedForOverlap: number;
  missedCatchupWindow: number;
  memo?: Record<string, unknown>;
}

export function toStatus(s: ScheduledWorkflow, d: ScheduleDescription, nextRuns?: number): ScheduleStatus {
  return {
    name: s.name,
    scheduleId: d.scheduleId,
    workflowType: d.action.workflowType,
    taskQueue: d.action.taskQueue,
    timeZone: d.spec.timezone ?? 'UTC',
    paused: d.state.paused,
    note: d.state.note,
    overlap: d.policies.overlap,
    catchupWindowMs: d.policies.catchupWindow,
    nextRunTimes: nextRuns === undefined ? d.info.nextActionTimes : d.info.nextActionTimes.slice(0, nextRuns),
    recentRuns: d.info.recentActions.map((a) => ({
      scheduledAt: a.scheduledAt,
      takenAt: a.takenAt,
      workflowId: a.action.workflow.workflowId,
      firstExecutionRunId: a.action.workflow.firstExecutionRunId,
    })),
    runningWorkflowIds: d.info.runningActions.map((a) => a.workflow.workflowId),
    actionsTaken: d.info.numActionsTaken,
    skippedForOverlap: d.info.numActionsSkippedOverlap,
    missedCatchupWindow: d.info.numActionsMissedCatchupWindow,
    memo: d.memo,
  };
}
