import { SCHEDULE_NAMES, scheduledWorkflow, UnknownScheduleError } from '../../../../schedules/index.js';
import { usageError } from '../../lib/errors.js';

/** The schedule id argument, checked before anything connects (a typo is a usage error). */
export function scheduleId(raw: string | undefined, sub: string): string {
  if (!raw) throw usageError('MISSING_ARGUMENT', `schedules ${sub} needs a schedule id`, `One of: ${SCHEDULE_NAMES.join(', ')}`);
  try {
    return scheduledWorkflow(raw).name;
  } catch (err) {
    if (err instanceof UnknownScheduleError) throw usageError('UNKNOWN_SCHEDULE', `unknown schedule "${raw}"`, `The schedules are ${SCHEDULE_NAMES.join(', ')}`);
    throw err;
  }
}

export const SCHEDULE_IDS_HELP = SCHEDULE_NAMES.join(', ');

export function defaultNote(action: string): string {
  return `${action} from the stockflow CLI by ${process.env.USER ?? process.env.USERNAME ?? 'an operator'} at ${new Date().toISOString()}`;
}
