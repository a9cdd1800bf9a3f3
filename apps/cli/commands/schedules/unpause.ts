/** `stockflow schedules unpause ID`: resume a paused schedule. */
import { defineCommand } from '../../lib/command.js';
import { defaultNote, SCHEDULE_IDS_HELP, scheduleId } from './shared.js';

export default defineCommand({
  usage: 'ID [--note TEXT]',
  details: `ID is one of ${SCHEDULE_IDS_HELP}.`,
  args: { note: { type: 'string', valueHint: 'TEXT', description: 'why (shown in the Temporal UI)' } },
  positionals: { min: 1, max: 1, name: 'ID' },
  examples: ['stockflow schedules unpause weekly-training --note "vendor back"'],
  async run({ args: values }, ctx) {
    const id = scheduleId(values._[0], 'unpause');
    const session = await ctx.temporal();
    const { unpauseSchedule } = await import('../../../../schedules/index.js');
    const note = values.note ?? defaultNote('unpaused');
    await unpauseSchedule(session.client, id, note);
    return { data: { scheduleId: id, paused: false, note }, lines: [`unpaused ${id}: ${note}`] };
  },
});
