/** `stockflow schedules trigger ID`: run a schedule's workflow now. */
import { defineCommand } from '../../lib/command.js';
import { SCHEDULE_IDS_HELP, scheduleId } from './shared.js';

export default defineCommand({
  usage: 'ID',
  details: `ID is one of ${SCHEDULE_IDS_HELP}. Never starts a second run beside a running one (overlap SKIP).`,
  args: {},
  positionals: { min: 1, max: 1, name: 'ID' },
  examples: ['stockflow schedules trigger monitoring'],
  async run({ args }, ctx) {
    const id = scheduleId(args._[0], 'trigger');
    const session = await ctx.temporal();
    const { triggerSchedule } = await import('../../../../schedules/index.js');
    const result = await triggerSchedule(session.client, id);
    const skipped = result.alreadyRunning.length > 0;
    return {
      data: { ...result, skipped },
      lines: [skipped
        ? `${id}: not triggered, a run is still going (${result.alreadyRunning.join(', ')})`
        : `${id}: triggered; see \`stockflow schedules describe ${id}\` or the Temporal UI`],
    };
  },
});
