/** `stockflow schedules describe ID`: one schedule in detail. */
import { defineCommand } from '../../lib/command.js';
import { isoMinute } from '../../lib/format.js';
import { SCHEDULE_IDS_HELP, scheduleId } from './shared.js';

export default defineCommand({
  usage: 'ID',
  details: `ID is one of ${SCHEDULE_IDS_HELP}.`,
  args: {},
  positionals: { min: 1, max: 1, name: 'ID' },
  examples: ['stockflow schedules describe weekly-training'],
  async run({ args }, ctx) {
    const id = scheduleId(args._[0], 'describe');
    const session = await ctx.temporal();
    const { describeSchedule } = await import('../../../../schedules/index.js');
    const s = await describeSchedule(session.client, id, { nextRuns: 5 });
    const lines = [
      `${s.scheduleId}: ${s.workflowType} on ${s.taskQueue}, ${s.paused ? 'PAUSED' : 'active'}${s.note ? ` — ${s.note}` : ''}`,
      `time zone ${s.timeZone}; overlap ${s.overlap}; catch-up window ${Math.round(s.catchupWindowMs / 60_000)} min`,
      'next runs:', ...s.nextRunTimes.map((d) => `  ${isoMinute(d)}`),
      'recent runs:', ...(s.recentRuns.length ? s.recentRuns.map((r) => `  ${isoMinute(r.takenAt)}  ${r.workflowId}`) : ['  none']),
    ];
    if (s.runningWorkflowIds.length) lines.push(`running now: ${s.runningWorkflowIds.join(', ')}`);
    return { data: s, lines };
  },
});
