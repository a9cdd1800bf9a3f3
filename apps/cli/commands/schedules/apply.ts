/** `stockflow schedules apply`: create or update the schedules from the configuration. */
import { defineCommand } from '../../lib/command.js';

export default defineCommand({
  usage: '',
  details: 'Creates missing schedules and replaces the definition of existing ones; applying twice changes nothing. A pause set by an operator is kept unless the configuration sets `paused`.',
  args: {},
  positionals: { min: 0, max: 0, name: '' },
  examples: ['stockflow schedules apply', 'stockflow schedules apply --json'],
  async run(_args, ctx) {
    const config = ctx.config();
    const session = await ctx.temporal();
    const { applySchedules, describeWhen, SCHEDULED_WORKFLOWS, SCHEDULE_KEYS } = await import('../../../../schedules/index.js');
    const result = await applySchedules(session.client, config.schedules, { taskQueue: session.taskQueue });
    const lines = SCHEDULE_KEYS.map((key) => {
      const s = SCHEDULED_WORKFLOWS[key];
      return `${result.outcomes[s.name].padEnd(8)} ${s.name.padEnd(22)} ${s.workflowType.padEnd(21)} ${describeWhen(config.schedules[key], config.schedules.timeZone)}`;
    });
    for (const w of result.warnings) lines.push(`warning: ${w.message}`);
    return { data: { ...result, taskQueue: session.taskQueue }, lines };
  },
});
