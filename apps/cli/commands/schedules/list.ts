/** `stockflow schedules list`: the schedules with state and next run time. */
import { defineCommand } from '../../lib/command.js';
import { isoMinute, table } from '../../lib/format.js';

export default defineCommand({
  usage: '',
  args: {},
  positionals: { min: 0, max: 0, name: '' },
  examples: ['stockflow schedules list', 'stockflow schedules list --json'],
  async run(_args, ctx) {
    const session = await ctx.temporal();
    const { listSchedules } = await import('../../../../schedules/index.js');
    const listing = await listSchedules(session.client);
    const lines = table(['schedule', 'workflow', 'state', 'next run', 'last run', 'running'], listing.schedules.map((s) => [
      s.scheduleId, s.workflowType, s.paused ? 'paused' : 'active', isoMinute(s.nextRunTimes[0]),
      isoMinute(s.recentRuns[s.recentRuns.length - 1]?.takenAt), s.runningWorkflowIds.join(', ') || '—',
    ]));
    if (listing.missing.length) lines.push(`not applied: ${listing.missing.join(', ')} (run \`stockflow schedules apply\`)`);
    return { data: listing, lines };
  },
});
