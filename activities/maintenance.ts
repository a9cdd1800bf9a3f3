import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { CleanupResult, ReportInput, ReportResult } from '../common/wire/index.js';
import { buildReport, renderHtml, renderMarkdown } from '../domain/reports/index.js';
import type { ActivityDeps } from './deps.js';
import { withFailureMapping } from './failures.js';

const DAY_MS = 86_400_000;

export function createMaintenanceActivities(deps: ActivityDeps) {
  const reportsDir = path.join(deps.dataDir, 'reports');
  const logsDir = path.join(deps.dataDir, 'logs');

  return withFailureMapping({
    /** Writes an HTML and a Markdown report and records it in the history database. */
    async writeReport(input: ReportInput): Promise<ReportResult> {
      const at = deps.now();
      const doc = buildReport(input);
      const base = `${input.kind}-${at.toISOString().replace(/[:.]/g, '-')}`;
      mkdirSync(reportsDir, { recursive: true });
      const htmlPath = path.join(reportsDir, `${base}.html`);
      const markdownPath = path.join(reportsDir, `${base}.md`);
      await writeFileAtomic(htmlPath, renderHtml(doc));
      await writeFileAtomic(markdownPath, renderMarkdown(doc));
      // The summary keeps health and API-check figures queryable over time beside the files.
      const summary = {
        title: input.title,
        health: input.monitor?.health,
        api: input.monitor ? { baseUrl: input.monitor.api.baseUrl, successRate: input.monitor.api.successRate, p50LatencyMs: input.monitor.api.p50LatencyMs, checks: input.monitor.api.checked } : undefined,
        incidents: input.monitor ? { opened: input.monitor.incidents.opened.length, updated: input.monitor.incidents.updated.length, resolved: input.monitor.incidents.resolved.length } : undefined,
        retrains: input.retrains ? { requested: input.retrains.requested, promoted: input.retrains.promoted, kept: input.retrains.kept, failed: input.retrains.failed } : undefined,
      };
      const record = deps.history.addReport({ at, kind: input.kind, paths: [htmlPath, markdownPath], summary });
      return { reportId: String(record.id), htmlPath, markdownPath };
    },

    /** Old logs and reports, temporary files, versions and backups beyond retention. */
    async cleanup(): Promise<CleanupResult> {
      const now = deps.now().getTime();
      const logsRemoved = removeOlderThan(logsDir, now - deps.retention.logsDays * DAY_MS, () => true);
      const reportsRemoved = removeOlderThan(reportsDir, now - deps.retention.reportsDays * DAY_MS, (f) => /\.(html|md)$/.test(f));
      const tempRemoved = deps.registry.cleanupTemp().removed.length
        + removeOlderThan(path.join(deps.dataDir, 'prices'), now - DAY_MS, (f) => f.includes('.tmp'));
      let versionsPruned = 0;
      let backupsRemoved = 0;
      for (const symbol of deps.registry.listSymbols()) {
        const pruned = deps.registry.prune(symbol, { keep: deps.retention.keepVersions, keepBackups: deps.retention.keepVersions });
        versionsPruned += pruned.deleted.length;
        backupsRemoved += pruned.deletedBackups.length;
      }
      return { logsRemoved, tempRemoved, versionsPruned, reportsRemoved, backupsRemoved };
    },
  });
}

function removeOlderThan(dir: string, cutoffMs: number, match: (name: string) => boolean): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    const file = path.join(dir, name);
    const stat = statSync(file);
    if (stat.isFile() && match(name) && stat.mtimeMs < cutoffMs) {
      rmSync(file, { force: true });
      removed++;
    }
  }
  return removed;
}
