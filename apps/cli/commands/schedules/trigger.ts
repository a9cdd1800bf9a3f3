import { triggerSchedule } from '../../../../schedules/index.js';
import { defineCommand } from '../../lib/command.js';
import { SCHEDULE_IDS_HELP, scheduleId } from './shared.js';

export default defineCommand({
  name: 'schedules trigger',
  summary: 'run a schedule\'s workflow now (skipped when a run of it is still going)',
  usage: 'ID',
  description: `ID is one of ${SCHEDULE_IDS_HELP}. Never starts a second run beside a running one (overlap SKIP).`,
  options: {},
  positionals: { min: 1, max: 1, name: 'ID' },
  examples: ['stockflow schedules trigger monitoring'],
  async run({ positionals }, ctx) {
    const id = scheduleId(positionals[0], 'trigger');
    const session = await ctx.temporal();
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
