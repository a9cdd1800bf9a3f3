/** `stockflow clean`: the dailyCleanup workflow now. */
import type { CleanupResult } from '../../../common/wire/index.js';
import { defineCommand, WAIT_ARGS } from '../lib/command.js';
import { awaitResult, noWaitResult, started } from '../lib/workflow-run.js';

export default defineCommand({
  usage: '[--no-wait]',
  details: 'Runs the dailyCleanup workflow now (the daily-cleanup schedule runs it every day). Retention: registry.keepVersions, retention.logsDays, retention.reportsDays.',
  args: { ...WAIT_ARGS },
  positionals: { min: 0, max: 0, name: '' },
  examples: ['stockflow clean', 'stockflow clean --json'],
  async run({ args }, ctx) {
    const session = await ctx.temporal();
    const { startPipeline } = await import('../../../client/index.js');
    const handle = await startPipeline(session.client, 'dailyCleanup', {}, { taskQueue: session.taskQueue });
    const run = started(session, 'dailyCleanup', handle);
    if (!args.wait) return noWaitResult(run);
    const r = await awaitResult<CleanupResult>(ctx, run, handle, 'cleaning up');
    return {
      data: { waited: true, ...run, ...r },
      lines: [`removed ${r.logsRemoved} log files, ${r.tempRemoved} temporary entries, ${r.versionsPruned} model versions, ${r.backupsRemoved} backups, ${r.reportsRemoved} reports`],
    };
  },
});
