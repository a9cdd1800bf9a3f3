/** `stockflow restore SYMBOL`: roll the champion back to a kept version or a backup, or list what can be restored. */
import { defineCommand } from '../lib/command.js';
import { workflowIds } from '../../../common/constants.js';
import { CliError, EXIT, messageOf, usageError } from '../lib/errors.js';
import { isoMinute, pct, table } from '../lib/format.js';
import type { CommandContext } from '../lib/context.js';
import { openHistory, openRegistry } from '../lib/stores.js';
import { parsePositiveInt, parseSymbol } from '../lib/values.js';

export default defineCommand({
  usage: 'SYMBOL (--version N | --backup ID | --list)',
  details:
    'Every file is verified against its checksum first; a corrupted version is refused. The change is '
    + 'recorded in the audit log. It waits for (never interleaves with) a retrain\'s promotion of the same '
    + 'symbol, and a retrain running meanwhile keeps the restored champion instead of promoting a challenger '
    + 'it compared against the former one; the command says when one is running.',
  args: {
    version: { type: 'string', valueHint: 'N', description: 'version to make champion' },
    backup: { type: 'string', valueHint: 'ID', description: 'backup to restore (see --list)' },
    list: { type: 'boolean', description: 'list kept versions and backups' },
    reason: { type: 'string', valueHint: 'TEXT', description: 'why (recorded in the audit log)' },
  },
  positionals: { min: 1, max: 1, name: 'SYMBOL' },
  examples: ['stockflow restore SPY --list', 'stockflow restore SPY --version 3', 'stockflow restore SPY --backup 20250106T210500000Z-v3'],
  async run({ args: values }, ctx) {
    const symbol = parseSymbol('restore', values._, ctx.config());
    const chosen = (['version', 'backup', 'list'] as const).filter((k) => values[k] !== undefined);
    if (chosen.length !== 1) {
      throw usageError('BAD_OPTIONS', `restore needs exactly one of --version, --backup or --list${chosen.length ? ` (got ${chosen.map((c) => `--${c}`).join(', ')})` : ''}`,
        `See the choices with: stockflow restore ${symbol} --list`);
    }
    const registry = await openRegistry(ctx);
    if (values.list) {
      const versions = registry.listVersions(symbol, { verify: true });
      const backups = registry.listBackups(symbol);
      if (versions.length === 0 && backups.length === 0) {
        throw new CliError(EXIT.notFound, 'NOT_FOUND', `${symbol} has no model versions or backups`, `Train one with: stockflow train ${symbol}`);
      }
      const lines = [
        `${symbol} versions:`,
        ...table(['version', 'champion', 'trained', 'direction', 'MAPE', 'n', 'healthy'], versions.map((v) => [
          `v${v.version}`, v.isChampion ? '*' : '', isoMinute(v.trainedAt), pct(v.directionAccuracy), pct(v.mape, 2), v.n === null ? '—' : String(v.n),
          v.healthy ? 'yes' : `NO: ${v.problem}`,
        ])).map((l) => `  ${l}`),
        `${symbol} backups:`,
        ...(backups.length
          ? table(['backup id', 'version', 'at', 'reason'], backups.map((b) => [b.id, `v${b.version}`, isoMinute(b.at), b.reason])).map((l) => `  ${l}`)
          : ['  none']),
      ];
      return { data: { symbol, versions, backups: backups.map(({ dir: _dir, ...b }) => b) }, lines };
    }
    if (values.version !== undefined) {
      const version = parsePositiveInt('version', values.version);
      const change = registry.restore(symbol, version, values.reason ?? `manual restore to v${version}`);
      const retrain = await runningRetrain(ctx, symbol);
      return {
        data: { symbol, version, change, retrainRunning: retrain },
        lines: [
          change.changed ? `${symbol}: champion is now v${version} (was ${change.from === null ? 'none' : `v${change.from}`})` : `${symbol}: v${version} already was the champion`,
          ...retrainNote(symbol, version, retrain),
          ...(await refreshServedForecast(ctx, symbol, version)),
        ],
      };
    }
    const result = registry.restoreBackup(symbol, values.backup!, values.reason);
    const retrain = await runningRetrain(ctx, symbol);
    return {
      data: { symbol, backupId: values.backup, ...result, retrainRunning: retrain },
      lines: [
        `${symbol}: champion is now v${result.version} from backup ${values.backup}${result.imported ? ' (re-imported as a new version: the original was gone or different)' : ''}`,
        ...retrainNote(symbol, result.version, retrain),
        ...(await refreshServedForecast(ctx, symbol, result.version)),
      ],
    };
  },
});

interface RunningRetrain {
  workflowId: string;
  runId: string;
  startedAt: string;
}

/** The retrain of the symbol running now (`retrain-SYMBOL`), or null (also when Temporal is unreachable). */
async function runningRetrain(ctx: CommandContext, symbol: string): Promise<RunningRetrain | null> {
  try {
    const session = await ctx.temporal();
    const workflowId = workflowIds.retrainSymbol(symbol);
    const description = await session.client.workflow.getHandle(workflowId).describe();
    if (description.status.name !== 'RUNNING') return null;
    return { workflowId, runId: description.runId, startedAt: description.startTime.toISOString() };
  } catch {
    return null;
  }
}

function retrainNote(symbol: string, version: number, retrain: RunningRetrain | null): string[] {
  if (!retrain) return [];
  return [`note: a retrain of ${symbol} is running (${retrain.workflowId}, started ${isoMinute(retrain.startedAt)}); `
    + `its challenger was compared against the former champion, so it will keep v${version} instead of promoting it`];
}

/**
 * The API serves the stored forecast, which belongs to the old champion until recomputed:
 * run `refreshPrices` with `forecast: 'always'` through Temporal (the worker owns tfjs and the
 * history database). Without a reachable Temporal, say what is served meanwhile.
 */
async function refreshServedForecast(ctx: CommandContext, symbol: string, version: number): Promise<string[]> {
  const latest = (await openHistory(ctx))?.latestPrediction(symbol);
  if (latest?.modelVersion === version) return [];
  try {
    const session = await ctx.temporal();
    const { runRefreshPrices } = await import('../../../client/index.js');
    await runRefreshPrices(session.client, { symbols: [symbol], forecast: 'always' }, { taskQueue: session.taskQueue });
    return [`${symbol}: the served forecast was recomputed with v${version}`];
  } catch (err) {
    const served = latest ? `is still v${latest.modelVersion}'s` : 'is missing';
    return [`note: the stored forecast (served by \`predict\` and the API) ${served} until the next price refresh or retrain (${messageOf(err).split('\n')[0]})`];
  }
}
