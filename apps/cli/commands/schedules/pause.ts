/** `stockflow schedules pause ID`: pause a schedule with a note. */
import { defineCommand } from '../../lib/command.js';
import { defaultNote, SCHEDULE_IDS_HELP, scheduleId } from './shared.js';

export default defineCommand({
  usage: 'ID [--note TEXT]',
  details: `ID is one of ${SCHEDULE_IDS_HELP}. Re-applying the schedules keeps the pause unless the configuration sets "paused".`,
  args: { note: { type: 'string', valueHint: 'TEXT', description: 'why (shown in the Temporal UI and `schedules list`)' } },
  positionals: { min: 1, max: 1, name: 'ID' },
  examples: ['stockflow schedules pause weekly-training --note "data vendor outage"'],
  async run({ args: values }, ctx) {
    const id = scheduleId(values._[0], 'pause');
    const session = await ctx.temporal();
    const { pauseSchedule } = await import('../../../../schedules/index.js');
    const note = values.note ?? defaultNote('paused');
    await pauseSchedule(session.client, id, note);
    return { data: { scheduleId: id, paused: true, note }, lines: [`paused ${id}: ${note}`] };
  },
});
