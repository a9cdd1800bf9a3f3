import { describeSchedule } from '../../../../schedules/index.js';
import { defineCommand } from '../../lib/command.js';
import { isoMinute } from '../../lib/format.js';
import { SCHEDULE_IDS_HELP, scheduleId } from './shared.js';

export default defineCommand({
  name: 'schedules describe',
  summary: 'one schedule in detail: next run times, recent runs, policies',
  usage: 'ID',
  description: `ID is one of ${SCHEDULE_IDS_HELP}.`,
  options: {},
  positionals: { min: 1, max: 1, name: 'ID' },
  examples: ['stockflow schedules describe weekly-training'],
  async run({ positionals }, ctx) {
    const id = scheduleId(positionals[0], 'describe');
    const session = await ctx.temporal();
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
