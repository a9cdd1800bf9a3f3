import { startPipeline } from '../../../client/index.js';
import type { CleanupResult } from '../../../common/wire/index.js';
import { defineCommand, WAIT_OPTIONS } from '../lib/command.js';
import { awaitResult, noWaitResult, started } from '../lib/workflow-run.js';

export default defineCommand({
  name: 'clean',
  summary: 'remove old logs, temporary files, reports and model versions beyond retention (dailyCleanup)',
  usage: '[--no-wait]',
  description: 'Runs the dailyCleanup workflow now (the daily-cleanup schedule runs it every day). Retention: registry.keepVersions, retention.logsDays, retention.reportsDays.',
  options: { ...WAIT_OPTIONS },
  positionals: { min: 0, max: 0, name: '' },
  examples: ['stockflow clean', 'stockflow clean --json'],
  async run({ values }, ctx) {
    const session = await ctx.temporal();
    const handle = await startPipeline(session.client, 'dailyCleanup', {}, { taskQueue: session.taskQueue });
    const run = started(session, 'dailyCleanup', handle);
    if (values['no-wait']) return noWaitResult(run);
    const r = await awaitResult<CleanupResult>(ctx, run, handle, 'cleaning up');
    return {
      data: { waited: true, ...run, ...r },
      lines: [`removed ${r.logsRemoved} log files, ${r.tempRemoved} temporary entries, ${r.versionsPruned} model versions, ${r.backupsRemoved} backups, ${r.reportsRemoved} reports`],
    };
  },
});
