/** `stockflow schedules delete ID | --all`: delete schedules (running workflows keep running). */
import { defineCommand } from '../../lib/command.js';
import { usageError } from '../../lib/errors.js';
import { SCHEDULE_IDS_HELP, scheduleId } from './shared.js';

export default defineCommand({
  usage: 'ID | --all',
  details: `ID is one of ${SCHEDULE_IDS_HELP}. Recreate them with \`stockflow schedules apply\`.`,
  args: { all: { type: 'boolean', description: 'delete every stockflow schedule' } },
  positionals: { min: 0, max: 1, name: 'ID' },
  examples: ['stockflow schedules delete daily-cleanup', 'stockflow schedules delete --all'],
  async run({ args: values }, ctx) {
    const positionals = values._;
    if (!!values.all === !!positionals[0]) {
      throw usageError('BAD_OPTIONS', values.all ? 'give either a schedule id or --all, not both' : 'schedules delete needs a schedule id or --all',
        `Schedules: ${SCHEDULE_IDS_HELP}`);
    }
    if (values.all) {
      const session = await ctx.temporal();
      const { deleteAllSchedules } = await import('../../../../schedules/index.js');
      const outcome = await deleteAllSchedules(session.client);
      return { data: { deleted: outcome }, lines: Object.entries(outcome).map(([id, o]) => `${id}: ${o === 'deleted' ? 'deleted' : 'was not there'}`) };
    }
    const id = scheduleId(positionals[0], 'delete');
    const session = await ctx.temporal();
    const { deleteSchedule } = await import('../../../../schedules/index.js');
    await deleteSchedule(session.client, id);
    return { data: { deleted: { [id]: 'deleted' } }, lines: [`${id}: deleted`] };
  },
});
