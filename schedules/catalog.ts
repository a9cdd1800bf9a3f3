import { ScheduleOverlapPolicy } from '@temporalio/client';
import { SCHEDULE_IDS, workflowIds } from '../common/constants.js';
import type { MonitorAllInput, SmartTrainingInput } from '../common/wire/index.js';
import type { StockflowConfig } from '../config/index.js';
import type * as workflows from '../workflows/index.js';
import { UnknownScheduleError } from './errors.js';

/** The `schedules` section of the configuration. */
export type SchedulesConfig = StockflowConfig['schedules'];
/** Config key of a schedule: `weeklyTraining`, `monitoring`, … */
export type ScheduleKey = keyof typeof SCHEDULE_IDS;
/** Public id of a schedule without any test prefix: `weekly-training`, `monitoring`, … */
export type ScheduleName = (typeof SCHEDULE_IDS)[ScheduleKey];

/** Options shared by every schedule operation. */
export interface ScheduleScope {
  /**
   * Prepended to every schedule id and scheduled workflow id (default none). Tests use a unique
   * prefix so that files sharing one dev server never touch each other's schedules.
   */
  idPrefix?: string;
}

export interface ScheduledWorkflow {
  key: ScheduleKey;
  name: ScheduleName;
  /** Workflow type, by name: the workflows are registered by the worker, not imported here. */
  workflowType: string;
  /**
   * The single object argument of every scheduled run. monthlyComprehensive and dailyCleanup
   * take none yet; `{}` keeps the one-object-argument shape so fields can be added later.
   */
  input: Record<string, unknown>;
  /** Temporal appends the scheduled time, e.g. `smart-training-scheduled-2026-11-29T07:00:00Z`. */
  workflowIdBase: string;
  /**
   * What happens when a run is due while the previous one is still running.
   * All four are SKIP, each for its own reason (see `overlapReason`); none is BUFFER_ONE because
   * a buffered run would start right after the long one ends and repeat its work for nothing —
   * and a calendar time repeated by a DST fall-back (01:00 on 1 Nov 2026 in New York) would
   * become a second full run.
   */
  overlap: ScheduleOverlapPolicy;
  overlapReason: string;
  /** One line for the schedule's memo and the CLI listing. */
  purpose: string;
}

/** A workflow type name the worker registers: a renamed workflow fails to compile here. */
type WorkflowType = keyof typeof workflows;

/** The four schedules, in the order they are applied and listed. */
export const SCHEDULED_WORKFLOWS: Record<ScheduleKey, ScheduledWorkflow> = {
  weeklyTraining: {
    key: 'weeklyTraining',
    name: SCHEDULE_IDS.weeklyTraining,
    workflowType: 'smartTraining' satisfies WorkflowType,
    input: { force: false } satisfies SmartTrainingInput,
    workflowIdBase: workflowIds.smartTraining('scheduled'),
    overlap: ScheduleOverlapPolicy.SKIP,
    overlapReason: 'a training pass still running a week later already retrains whatever is due; a second pass would only queue behind it',
    purpose: 'Weekly smart training: retrain the symbols whose model is missing, too old or below a threshold',
  },
  monitoring: {
    key: 'monitoring',
    name: SCHEDULE_IDS.monitoring,
    workflowType: 'monitorAll' satisfies WorkflowType,
    input: {} satisfies MonitorAllInput,
    workflowIdBase: workflowIds.monitorAll('scheduled'),
    overlap: ScheduleOverlapPolicy.SKIP,
    overlapReason: 'monitoring is a snapshot: a buffered pass right after a slow one adds no information, and the next slot is six hours away',
    purpose: 'Monitoring: health, API check, live performance, trends and incidents; retrains symbols that breach a threshold',
  },
  monthlyComprehensive: {
    key: 'monthlyComprehensive',
    name: SCHEDULE_IDS.monthlyComprehensive,
    workflowType: 'monthlyComprehensive' satisfies WorkflowType,
    input: {},
    workflowIdBase: workflowIds.monthlyComprehensive('scheduled'),
    overlap: ScheduleOverlapPolicy.SKIP,
    overlapReason: 'a force-retrain of every symbol is the most expensive run; if one is already going (a manual trigger, or the repeated 01:00 of a DST fall-back) it produces the same models and report',
    purpose: 'Monthly comprehensive: force-retrain every symbol and write the comprehensive report',
  },
  dailyCleanup: {
    key: 'dailyCleanup',
    name: SCHEDULE_IDS.dailyCleanup,
    workflowType: 'dailyCleanup' satisfies WorkflowType,
    input: {},
    workflowIdBase: workflowIds.dailyCleanup('scheduled'),
    overlap: ScheduleOverlapPolicy.SKIP,
    overlapReason: 'cleanup is idempotent; whatever a skipped pass would have removed, the next day removes',
    purpose: 'Daily cleanup: remove old logs, temporary files and model versions beyond retention',
  },
};

export const SCHEDULE_KEYS = Object.keys(SCHEDULED_WORKFLOWS) as ScheduleKey[];
export const SCHEDULE_NAMES: ScheduleName[] = SCHEDULE_KEYS.map((k) => SCHEDULED_WORKFLOWS[k].name);

/** The catalog entry for a schedule id (`weekly-training`) or config key (`weeklyTraining`). */
export function scheduledWorkflow(idOrKey: string): ScheduledWorkflow {
  const found = SCHEDULE_KEYS.map((k) => SCHEDULED_WORKFLOWS[k]).find((s) => s.name === idOrKey || s.key === idOrKey);
  if (!found) throw new UnknownScheduleError(idOrKey, SCHEDULE_NAMES);
  return found;
}

/** The id of the schedule on the server, with the scope's prefix. */
export function scheduleIdOf(s: ScheduledWorkflow, scope: ScheduleScope = {}): string {
  return `${scope.idPrefix ?? ''}${s.name}`;
}
