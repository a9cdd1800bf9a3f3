/**
 * `stockflow status`: every configured symbol's status row — the one symbol status of
 * domain/serving (`symbolStatuses`, the rows of `GET /models` and the dashboard), from the
 * registry and history in the data directory, with Temporal's next run times when it answers.
 * The table fits 100 columns; what does not fit in a cell is listed under it.
 */
import type { ScheduleStatus } from '../../../schedules/index.js';
import { temporalAddress, thresholdsFor, type ResolvedConfig } from '../../../config/index.js';
import type { Freshness, MetricCheck, StatusThresholds, SymbolStatus } from '../../../common/wire/index.js';
import type { HistoryStore } from '../../../domain/history/index.js';
import type { PriceCache } from '../../../domain/prices/index.js';
import { describeFreshness, freshnessLabel, freshnessOf, skillPhrase } from '../../../domain/judgement/index.js';
import { nextRuns } from '../../../domain/judgement/next-runs.js';
import { toModelSummary } from '../../../domain/serving/model-summary.js';
import { symbolStatuses } from '../../../domain/serving/symbol-status.js';
import { defineCommand } from '../lib/command.js';
import type { CommandContext } from '../lib/context.js';
import { CliError, messageOf } from '../lib/errors.js';
import { isoMinute, pct, relative, table, TABLE_WIDTH, wrapWords } from '../lib/format.js';
import { openHistory } from '../lib/stores.js';

export default defineCommand({
  usage: '',
  details:
    'Reads the model registry and history database in the data directory, and asks Temporal for the '
    + 'schedules\' next run times. When Temporal cannot be reached the local part is still shown (exit 0). '
    + 'The rows are the dashboard\'s (GET /models): metrics are the champion\'s live score once it has '
    + 'monitoring.minLiveSessions sessions (n marked "*"), else its holdout, beside the baseline. '
    + 'A "!" marks a value past its threshold (thresholds.* and per-symbol overrides; the checks past or near one are listed under the table). '
    + 'The data column is the cached prices against the last completed NYSE session: "fresh", "stale N" (N sessions behind, more than '
    + 'monitoring.staleAfterSessions), "no data" or "failing" (the worker\'s last price refresh failed; the error is listed below).'
    + ' The skill column is the champion\'s latest skill judgement by monitoring: "ok", "breach ×N" (the rules are listed below) or "not judged".',
  args: {},
  positionals: { min: 0, max: 0, name: '' },
  examples: ['stockflow status', 'stockflow status --json | jq \'.symbols[] | {symbol, status, nextRun}\''],
  async run(_args, ctx) {
    const config = ctx.config();
    const services = await ctx.services();
    const history = await openHistory(ctx);
    const now = new Date();
    const temporal = await scheduleTimes(ctx);
    const schedules = temporal.schedules?.map((s) => ({ id: s.id, paused: s.paused, nextRunTimes: s.nextRuns })) ?? null;
    const models = services.registry.summaries(config.symbols).map((d) => toModelSummary(d, true));
    const symbols = symbolStatuses({
      models,
      history,
      thresholdsFor: (symbol) => thresholdsFor(config, symbol),
      minLiveSessions: config.monitoring.minLiveSessions,
      staleAfterSessions: config.monitoring.staleAfterSessions,
      schedules,
      freshness: await freshnessAll(config, services.priceCache, history, now),
      now,
    });
    // One GROUP BY for every symbol's open incidents; the system-wide ones have no symbol.
    const systemIncidents = (history?.openIncidentCounts() ?? []).filter((c) => c.symbol === null).reduce((n, c) => n + c.count, 0);
    return {
      data: { dataDir: config.dataDir, symbols, systemIncidents, nextRun: nextRuns(schedules), schedules: temporal.schedules, temporal: temporal.info },
      lines: render(symbols, systemIncidents, temporal, now, thresholdsFor(config, '')),
    };
  },
});

/**
 * Every configured symbol's data freshness: the cached prices' last bar and the worker's last
 * refresh outcomes (one query for all symbols). An unreadable cache is "failing", with why.
 */
async function freshnessAll(config: ResolvedConfig, cache: PriceCache, history: HistoryStore | null, now: Date): Promise<Map<string, Freshness>> {
  const refreshes = new Map((history?.refreshStatusAll() ?? []).map((r) => [r.symbol, r]));
  const out = new Map<string, Freshness>();
  for (const symbol of config.symbols) {
    const lastRefresh = refreshes.get(symbol) ?? null;
    let lastBar = lastRefresh?.lastBar ?? null;
    let outcome: { ok: boolean; error?: string | null } | null = lastRefresh;
    try {
      lastBar = await cache.lastDate(symbol);
    } catch (err) {
      outcome = { ok: false, error: `cannot read the cached prices: ${messageOf(err)}` };
    }
    out.set(symbol, freshnessOf({ symbol, lastBar, lastRefresh: outcome, now, staleAfterSessions: config.monitoring.staleAfterSessions }));
  }
  return out;
}

interface ScheduleTimes {
  schedules: Array<{ id: string; paused: boolean; note?: string; nextRuns: string[] }> | null;
  missing: string[];
  info: { address: string; reachable: boolean; error?: string };
}

/** Next run times from Temporal; never fails the command (status must work while Temporal is down). */
async function scheduleTimes(ctx: CommandContext): Promise<ScheduleTimes> {
  const address = temporalAddress(ctx.config());
  try {
    const session = await ctx.temporal();
    // Loaded once connected: @temporalio/client costs ~0.4 s of CPU, wasted when Temporal is down.
    const { listSchedules } = await import('../../../schedules/index.js');
    const listing = await listSchedules(session.client);
    return {
      schedules: listing.schedules.map((s: ScheduleStatus) => ({
        id: s.scheduleId, paused: s.paused, note: s.note, nextRuns: s.nextRunTimes.slice(0, 3).map((d) => d.toISOString()),
      })),
      missing: listing.missing,
      info: { address, reachable: true },
    };
  } catch (err) {
    const error = err instanceof CliError ? err.what : messageOf(err);
    return { schedules: null, missing: [], info: { address, reachable: false, error } };
  }
}


function mark(c: MetricCheck, text: string): string {
  return c.status === 'breach' ? `${text}!` : text;
}

/** "53.1/52.0%": a value beside its baseline, one unit. */
function pair(value: number | null, baseline: number | null, digits: number): string {
  if (value === null) return '—';
  const v = (value * 100).toFixed(digits);
  return baseline === null ? `${v}%` : `${v}/${(baseline * 100).toFixed(digits)}%`;
}

function skillCell(s: SymbolStatus): string {
  if (!s.skill) return '—';
  if (s.skill.tests.length === 0) return 'not judged';
  return s.skill.breached.length ? `breach ×${s.skill.breached.length}` : 'ok';
}

function decisionCell(s: SymbolStatus, now: Date): string {
  const d = s.lastDecision;
  if (!d) return '—';
  const what = d.promoted ? `promoted v${d.challengerVersion}` : d.championVersion === null ? `refused v${d.challengerVersion}` : `kept v${d.championVersion}`;
  return `${what} ${relative(new Date(d.at), now).replace(' d ', 'd ').replace(' h ', 'h ').replace(' min ', 'min ')}`;
}

/** A line of prose fitted to the table's width (continuation lines indented). */
function prose(text: string, indent = '  '): string[] {
  return wrapWords(text, TABLE_WIDTH - indent.length).map((l, i) => (i === 0 ? l : `${indent}${l}`));
}

/** What a check past (or, for direction, near) its threshold says, e.g. "MAPE 7.20% > 5.00% (live, n=41)". */
function checkNote(name: string, c: MetricCheck, digits: number): string {
  const op = c.kind === 'min' ? '<' : '>';
  const value = name === 'age' ? `${c.value}d` : pct(c.value, digits);
  const threshold = name === 'age' ? `${c.threshold}d` : pct(c.threshold, digits);
  const where = c.basis === 'registry' ? '' : ` (${c.basis}, n=${c.n})`;
  return `${name} ${value} ${op} ${threshold}${c.status === 'warn' ? ' (its 95% interval reaches the threshold)' : ''}${where}`;
}

function render(symbols: SymbolStatus[], systemIncidents: number, temporal: ScheduleTimes, now: Date, t: StatusThresholds): string[] {
  const rows = symbols.map((s) => {
    const c = s.checks;
    const n = c.mape.n === null ? '—' : `${c.mape.n}${c.mape.basis === 'live' ? '*' : ''}`;
    return [
      s.symbol,
      s.champion === null ? 'none' : `v${s.champion.version}${s.championProblem ? ' broken' : ''}${s.ageDays === null ? '' : ` ${mark(c.age, `${s.ageDays}d`)}`}`,
      freshnessLabel(s.freshness),
      mark(c.directionAccuracy, pair(c.directionAccuracy.value, c.directionAccuracy.baseline, 1)),
      mark(c.mape, pair(c.mape.value, c.mape.baseline, 2)),
      n,
      skillCell(s),
      decisionCell(s, now),
      String(s.openIncidents.total),
    ];
  });
  const lines = table(['symbol', 'model', 'data', 'dir/base', 'MAPE/pers.', 'n', 'skill', 'last decision', 'incidents'], rows);
  const off = (v: number | null, op: string, what: string) => (v === null ? null : `${what} ${op} ${pct(v, 0)}`);
  const absolute = [off(t.minDirectionAccuracy, '<', 'direction'), off(t.maxMape, '>', 'MAPE'), off(t.minConfidence, '<', 'confidence')].filter((x) => x !== null);
  lines.push(...prose(
    `model = champion and age; dir/base = direction accuracy / its naive baseline; MAPE/pers. = MAPE / persistence's; n = sessions `
    + `(* live score, else holdout). "!" = past its threshold: age > ${t.maxModelAgeDays}d`
    + `${absolute.length ? `, ${absolute.join(', ')}` : ' (absolute metric thresholds off)'} (per-symbol overrides apply).`,
  ));
  for (const s of symbols) {
    const named: Array<[string, MetricCheck, number]> = [['direction', s.checks.directionAccuracy, 1], ['MAPE', s.checks.mape, 2], ['confidence', s.checks.confidence, 1], ['age', s.checks.age, 0]];
    const notes = named.filter(([, c]) => c.status === 'breach' || c.status === 'warn').map(([name, c, digits]) => checkNote(name, c, digits));
    if (notes.length) lines.push(...prose(`${s.symbol}: ${notes.join('; ')}`));
    if (s.skill?.breached.length) lines.push(...prose(`${s.symbol} skill (live, Holm-adjusted p): ${skillPhrase(s.skill)}`));
    if (s.championProblem) lines.push(...prose(`${s.symbol}: ${s.championProblem}`));
  }
  const openTotal = systemIncidents + symbols.reduce((n, s) => n + s.openIncidents.total, 0);
  if (openTotal > 0) lines.push(`${openTotal} open incident(s)${systemIncidents ? `, ${systemIncidents} system-wide` : ''}: see \`stockflow alerts\``);
  const notFresh = symbols.filter((x) => x.freshness.state !== 'fresh').map((x) => describeFreshness(x.freshness));
  if (notFresh.length) {
    lines.push(`data not current (last completed NYSE session ${symbols[0]?.freshness.lastCompletedSession}):`);
    for (const l of notFresh) lines.push(...prose(`  ${l}`, '    '));
  }
  if (!temporal.info.reachable) {
    lines.push(...prose(`Temporal unreachable at ${temporal.info.address}: next run times unknown (${temporal.info.error}). Start it with \`npm start\`.`));
  } else if (temporal.schedules) {
    const next = symbols[0]?.nextRun ?? { training: null, monitoring: null };
    const when = (iso: string | null) => (iso ? `${relative(new Date(iso), now)} (${isoMinute(iso)})` : 'none scheduled');
    lines.push(`next training: ${when(next.training)}; next monitoring: ${when(next.monitoring)}`);
    lines.push('schedules:');
    for (const s of temporal.schedules) {
      lines.push(`  ${s.id.padEnd(22)} ${s.paused ? `paused${s.note ? ` (${s.note})` : ''}` : `next ${isoMinute(s.nextRuns[0])}`}`);
    }
    if (temporal.missing.length) lines.push(...prose(`  not applied: ${temporal.missing.join(', ')} (run \`stockflow schedules apply\`)`));
  }
  return lines;
}
