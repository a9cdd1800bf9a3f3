/** What the schedule subcommands share: the schedule id argument, its help text, the default note. */
import { SCHEDULE_IDS } from '../../../../common/constants.js';
import { usageError } from '../../lib/errors.js';

const NAMES: readonly string[] = Object.values(SCHEDULE_IDS);
const BY_KEY: Readonly<Record<string, string>> = SCHEDULE_IDS;

export const SCHEDULE_IDS_HELP = NAMES.join(', ');

/** The schedule id argument (a name, or its configuration key), checked before anything connects (a typo is a usage error). */
export function scheduleId(raw: string | undefined, sub: string): string {
  if (!raw) throw usageError('MISSING_ARGUMENT', `schedules ${sub} needs a schedule id`, `One of: ${SCHEDULE_IDS_HELP}`);
  if (NAMES.includes(raw)) return raw;
  const byKey = Object.hasOwn(BY_KEY, raw) ? BY_KEY[raw] : undefined;
  if (byKey !== undefined) return byKey;
  throw usageError('UNKNOWN_SCHEDULE', `unknown schedule "${raw}"`, `The schedules are ${SCHEDULE_IDS_HELP}`);
}

export function defaultNote(action: string): string {
  return `${action} from the stockflow CLI by ${process.env.USER ?? process.env.USERNAME ?? 'an operator'} at ${new Date().toISOString()}`;
}
