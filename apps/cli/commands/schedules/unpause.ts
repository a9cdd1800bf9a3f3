import { unpauseSchedule } from '../../../../schedules/index.js';
import { defineCommand } from '../../lib/command.js';
import { defaultNote, SCHEDULE_IDS_HELP, scheduleId } from './shared.js';

export default defineCommand({
  name: 'schedules unpause',
  summary: 'resume a paused schedule',
  usage: 'ID [--note TEXT]',
  description: `ID is one of ${SCHEDULE_IDS_HELP}.`,
  options: { note: { type: 'string', value: 'TEXT', description: 'why (shown in the Temporal UI)' } },
  positionals: { min: 1, max: 1, name: 'ID' },
  examples: ['stockflow schedules unpause weekly-training --note "vendor back"'],
  async run({ values, positionals }, ctx) {
    const id = scheduleId(positionals[0], 'unpause');
    const session = await ctx.temporal();
    const note = values.note ?? defaultNote('unpaused');
    await unpauseSchedule(session.client, id, note);
    return { data: { scheduleId: id, paused: false, note }, lines: [`unpaused ${id}: ${note}`] };
  },
});
