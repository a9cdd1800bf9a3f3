import { pauseSchedule } from '../../../../schedules/index.js';
import { defineCommand } from '../../lib/command.js';
import { defaultNote, SCHEDULE_IDS_HELP, scheduleId } from './shared.js';

export default defineCommand({
  name: 'schedules pause',
  summary: 'pause a schedule (with a note saying why)',
  usage: 'ID [--note TEXT]',
  description: `ID is one of ${SCHEDULE_IDS_HELP}. Re-applying the schedules keeps the pause unless the configuration sets "paused".`,
  options: { note: { type: 'string', value: 'TEXT', description: 'why (shown in the Temporal UI and `schedules list`)' } },
  positionals: { min: 1, max: 1, name: 'ID' },
  examples: ['stockflow schedules pause weekly-training --note "data vendor outage"'],
  async run({ values, positionals }, ctx) {
    const id = scheduleId(positionals[0], 'pause');
    const session = await ctx.temporal();
    const note = values.note ?? defaultNote('paused');
    await pauseSchedule(session.client, id, note);
    return { data: { scheduleId: id, paused: true, note }, lines: [`paused ${id}: ${note}`] };
  },
});
