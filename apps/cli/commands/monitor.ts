/** `stockflow monitor`: one monitorAll pass now, summarised. */
import type { MonitorAllResult } from '../../../common/wire/index.js';
import { defineCommand, WAIT_ARGS } from '../lib/command.js';
import { num, pct, table } from '../lib/format.js';
import { awaitResult, noWaitResult, started } from '../lib/workflow-run.js';

export default defineCommand({
  usage: '[--report] [--no-wait]',
  details:
    'Runs the monitorAll workflow once (the monitoring schedule runs it every 6 hours on weekdays). '
    + 'Symbols whose live performance breaches a threshold get a retrain started. Every pass writes a '
    + 'report (every symbol\'s figures; this output lists only the symbols that need attention); --report prints where. Exit 0 even when incidents are open: read them in the output and with `stockflow alerts`.',
  args: {
    ...WAIT_ARGS,
    report: { type: 'boolean', description: 'also print the paths of the report files (HTML and Markdown)' },
  },
  positionals: { min: 0, max: 0, name: '' },
  examples: ['stockflow monitor', 'stockflow monitor --report', 'stockflow monitor --json | jq .incidents'],
  async run({ args: values }, ctx) {
    const session = await ctx.temporal();
    const { startPipeline } = await import('../../../client/index.js');
    const handle = await startPipeline(session.client, 'monitorAll', {}, { taskQueue: session.taskQueue });
    const run = started(session, 'monitorAll', handle);
    if (!values.wait) return noWaitResult(run);
    const r = await awaitResult<MonitorAllResult>(ctx, run, handle, 'monitoring');
    // Paths come from the run itself: the worker's data directory may not be this process's.
    const report = values.report ? r.reportPaths : undefined;
    return { data: { waited: true, ...run, ...r, ...(report ? { reportPaths: report } : {}) }, lines: render(r, report) };
  },
});

function render(r: MonitorAllResult, report: string[] | undefined): string[] {
  const h = r.health;
  const c = r.counts;
  const lines = [
    `health: load ${num(h.loadAverage1m)} on ${h.cpuCount} CPUs, memory ${pct(h.memoryUsedFraction, 0)} used, disk ${pct(h.diskFreeFraction, 0)} free${h.breaches.length ? ` — ${h.breaches.join('; ')}` : ' — ok'}`,
    r.api.baseUrl
      ? `API ${r.api.baseUrl}: ${pct(r.api.successRate, 0)} of ${r.api.checked} checks ok, p50 ${num(r.api.p50LatencyMs, 0)} ms`
      : 'API: none configured/running, not checked',
    `${c.symbols} symbols: ${c.withChampion} with a champion, ${c.breaching} breaching, ${c.integrityProblems} failing verification, `
      + `${c.ageBreaches} past the age limit, ${c.stale} stale, ${c.refreshFailing} failing to refresh, ${c.apiFailed} failing the API check`,
    ...(r.attention.length
      ? table(['symbol', 'champion', 'needs attention'], r.attention.map((a) => [a.symbol, a.championVersion === null ? 'none' : `v${a.championVersion}`, a.problems.join('; ')]))
      : ['every symbol ok']),
  ];
  for (const f of r.dataFailures) lines.push(`${f.symbol}: price refresh failed: ${f.error}`);
  if (r.retrainsStarted.length) lines.push(`retrains started: ${r.retrainsStarted.join(', ')} (follow with \`stockflow status\`)`);
  if (r.retrainsAlreadyRunning.length) lines.push(`retrains already running: ${r.retrainsAlreadyRunning.join(', ')}`);
  const i = r.incidents;
  lines.push(`incidents: ${i.opened.length} opened, ${i.updated.length} still open, ${i.resolved.length} resolved (\`stockflow alerts\` lists them); report #${r.reportId}`);
  if (i.webhookError) lines.push(`webhook: ${i.webhookError}`);
  if (report) lines.push(...(report.length ? report.map((p) => `  ${p}`) : ['  (report files not found in the local history database)']));
  return lines;
}
