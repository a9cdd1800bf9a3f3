import { deleteAllSchedules, deleteSchedule } from '../../../../schedules/index.js';
import { defineCommand } from '../../lib/command.js';
import { usageError } from '../../lib/errors.js';
import { SCHEDULE_IDS_HELP, scheduleId } from './shared.js';

export default defineCommand({
  name: 'schedules delete',
  summary: 'delete one schedule, or all four with --all (running workflows keep running)',
  usage: 'ID | --all',
  description: `ID is one of ${SCHEDULE_IDS_HELP}. Recreate them with \`stockflow schedules apply\`.`,
  options: { all: { type: 'boolean', description: 'delete every stockflow schedule' } },
  positionals: { min: 0, max: 1, name: 'ID' },
  examples: ['stockflow schedules delete daily-cleanup', 'stockflow schedules delete --all'],
  async run({ values, positionals }, ctx) {
    if (values.all === !!positionals[0]) {
      throw usageError('BAD_OPTIONS', values.all ? 'give either a schedule id or --all, not both' : 'schedules delete needs a schedule id or --all',
        `Schedules: ${SCHEDULE_IDS_HELP}`);
    }
    if (values.all) {
      const session = await ctx.temporal();
      const outcome = await deleteAllSchedules(session.client);
      return { data: { deleted: outcome }, lines: Object.entries(outcome).map(([id, o]) => `${id}: ${o === 'deleted' ? 'deleted' : 'was not there'}`) };
    }
    const id = scheduleId(positionals[0], 'delete');
    const session = await ctx.temporal();
    await deleteSchedule(session.client, id);
    return { data: { deleted: { [id]: 'deleted' } }, lines: [`${id}: deleted`] };
  },
});
