import path from 'node:path';
import type { ScheduleStatus } from '../../../schedules/index.js';
import { temporalAddress, thresholdsFor, type ResolvedConfig, type Thresholds } from '../../../config/index.js';
import type { Freshness, SkillJudgement } from '../../../common/wire/index.js';
import type { HistoryStore } from '../../../domain/history/index.js';
import { readPriceCsvFile } from '../../../domain/prices/index.js';
import { describeFreshness, freshnessLabel, freshnessOf, judgeMetrics, modelAgeDays, nextRuns, skillPhrase, storedSkillJudgement } from '../../../domain/judgement/index.js';
import type { ModelRegistry } from '../../../domain/registry/index.js';
import { defineCommand } from '../lib/command.js';
import type { CommandContext } from '../lib/context.js';
import { CliError, messageOf } from '../lib/errors.js';
import { isoMinute, pct, relative, table } from '../lib/format.js';
import { openHistory, openRegistry } from '../lib/stores.js';

export default defineCommand({
  usage: '',
  details:
    'Reads the model registry and history database in the data directory, and asks Temporal for the '
    + 'schedules\' next run times. When Temporal cannot be reached the local part is still shown (exit 0). '
    + 'A "!" marks a value past its threshold (thresholds.* and per-symbol overrides). The data column is the '
    + 'cached prices against the last completed NYSE session: "fresh", "stale N" (N sessions behind, more than '
    + 'monitoring.staleAfterSessions) or "failing" (the worker\'s last price refresh failed; the error is listed below).'
    + ' The skill column is the champion\'s latest skill judgement by monitoring: "ok (n=…)" or the rules it is significantly worse on.',
  args: {},
  positionals: { min: 0, max: 0, name: '' },
  examples: ['stockflow status', 'stockflow status --json | jq \'.symbols[] | {symbol, championVersion}\''],
  async run(_args, ctx) {
    const config = ctx.config();
    const registry = await openRegistry(ctx);
    const history = await openHistory(ctx);
    const now = new Date();
    // One GROUP BY for every symbol's open incidents (and the system-wide ones).
    const incidentCounts = history?.openIncidentCounts() ?? [];
    const openIncidentsOf = (symbol: string | null) => incidentCounts.filter((c) => c.symbol === symbol).reduce((n, c) => n + c.count, 0);
    const symbols = config.symbols.map((s) => ({ ...symbolStatus(s, config, registry, history, now), openIncidents: openIncidentsOf(s) }));
    for (const s of symbols) s.freshness = await symbolFreshness(s.symbol, config, history, now);
    const temporal = await scheduleTimes(ctx);
    // The same answer as the dashboard's (domain/judgement/next-runs.ts).
    const nextTraining = nextRuns(temporal.schedules?.map((s) => ({ id: s.id, paused: s.paused, nextRunTimes: s.nextRuns })) ?? null).training;
    for (const s of symbols) s.nextTraining = nextTraining;
    const systemIncidents = openIncidentsOf(null);
    return {
      data: { dataDir: config.dataDir, symbols, systemIncidents, schedules: temporal.schedules, temporal: temporal.info },
      lines: render(symbols, systemIncidents, temporal, now, thresholdsFor(config, '')),
    };
  },
});

interface MetricCheck {
  value: number | null;
  threshold: number | null;
  /** true when the value is past the threshold. */
  breached: boolean;
}

interface SymbolStatus {
  symbol: string;
  championVersion: number | null;
  /** Set when the champion pointer or its files cannot be read. */
  problem?: string;
  trainedAt: string | null;
  ageDays: number | null;
  /** Holdout evaluation of the champion (walk-forward on days it never saw). */
  holdout: {
    n: number | null;
    from: string | null;
    to: string | null;
    directionAccuracy: MetricCheck;
    mape: MetricCheck;
    meanConfidence: MetricCheck;
    baselineDirectionAccuracy: number | null;
    persistenceMape: number | null;
  } | null;
  age: MetricCheck | null;
  /** The champion's latest skill judgement (stored with its live score by monitoring). */
  skill: SkillJudgement | null;
  thresholds: Thresholds;
  lastDecision: { at: string; promoted: boolean; challengerVersion: number | null; championVersion: number | null; reason: string } | null;
  /** Open incidents of this symbol (acknowledged or not); `stockflow alerts` lists them. */
  openIncidents: number;
  nextTraining: string | null;
  /** The data: fresh, stale (sessions behind) or failing (the worker's last refresh failed). */
  freshness: Freshness | null;
}

function symbolStatus(symbol: string, config: ResolvedConfig, registry: ModelRegistry, history: HistoryStore | null, now: Date): SymbolStatus {
  const thresholds = thresholdsFor(config, symbol);
  const status: SymbolStatus = {
    symbol, championVersion: null, trainedAt: null, ageDays: null, holdout: null, age: null, skill: null, thresholds,
    lastDecision: null, openIncidents: 0, nextTraining: null, freshness: null,
  };
  try {
    const champion = registry.getChampion(symbol);
    if (champion) {
      status.championVersion = champion.version;
      const version = registry.listVersions(symbol).find((v) => v.version === champion.version);
      if (!version) status.problem = `champion points to v${champion.version}, which is missing`;
      status.trainedAt = version?.trainedAt ?? null;
    }
  } catch (err) {
    status.problem = messageOf(err);
  }
  if (status.trainedAt) {
    status.ageDays = modelAgeDays(status.trainedAt, now);
    status.age = { value: status.ageDays, threshold: thresholds.maxModelAgeDays, breached: status.ageDays > thresholds.maxModelAgeDays };
  }
  if (history) {
    const version = status.championVersion;
    const evaluation = version === null ? undefined : history.evaluationHistory(symbol, { kind: 'holdout', version, limit: 1 })[0];
    if (evaluation) {
      // Stored as the EvaluationSummary and parsed once by the history store.
      const m = evaluation.metrics;
      const dir = m.directionAccuracy ?? null;
      const mape = m.mape ?? null;
      const conf = m.meanConfidence ?? null;
      // Monitoring's own rules (direction judged on its 95% interval), as the dashboard shows them.
      const judged = judgeMetrics({
        n: evaluation.n, directionAccuracy: dir, directionCi: m.directionCi ?? null, mape, meanConfidence: conf,
      }, thresholds, config.monitoring.minLiveSessions);
      status.holdout = {
        n: evaluation.n, from: evaluation.from, to: evaluation.to,
        directionAccuracy: { value: dir, threshold: thresholds.minDirectionAccuracy, breached: judged.directionAccuracy === 'breach' },
        mape: { value: mape, threshold: thresholds.maxMape, breached: judged.mape === 'breach' },
        meanConfidence: { value: conf, threshold: thresholds.minConfidence, breached: judged.meanConfidence === 'breach' },
        baselineDirectionAccuracy: m.baselineDirectionAccuracy ?? null,
        persistenceMape: m.persistenceMape ?? null,
      };
    }
    if (version !== null) status.skill = storedSkillJudgement(history.liveScoreHistory(symbol, { version, limit: 1 })[0]?.details);
    const decision = history.decisionHistory(symbol, { limit: 1 })[0];
    if (decision) {
      status.lastDecision = {
        at: decision.at, promoted: decision.promoted, challengerVersion: decision.challengerVersion,
        championVersion: decision.championVersion, reason: decision.reason,
      };
    }
  }
  return status;
}

/**
 * The symbol's data freshness: the cached prices' last bar (`<dataDir>/prices`) and the worker's
 * last refresh outcome (history refresh_status). An unreadable cache is "failing", with why.
 */
async function symbolFreshness(symbol: string, config: ResolvedConfig, history: HistoryStore | null, now: Date): Promise<Freshness> {
  const lastRefresh = history?.refreshStatus(symbol) ?? null;
  let lastBar = lastRefresh?.lastBar ?? null;
  let outcome: { ok: boolean; error?: string | null } | null = lastRefresh;
  try {
    const bars = await readPriceCsvFile(path.join(config.dataDir, 'prices', `${symbol}.csv`), symbol);
    lastBar = bars?.at(-1)?.date ?? null;
  } catch (err) {
    outcome = { ok: false, error: `cannot read the cached prices: ${messageOf(err)}` };
  }
  return freshnessOf({ symbol, lastBar, lastRefresh: outcome, now, staleAfterSessions: config.monitoring.staleAfterSessions });
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

function mark(c: MetricCheck | undefined | null, text: string): string {
  return c?.breached ? `${text}!` : text;
}

function render(symbols: SymbolStatus[], systemIncidents: number, temporal: ScheduleTimes, now: Date, t: Thresholds): string[] {
  const rows = symbols.map((s) => {
    const h = s.holdout;
    const d = s.lastDecision;
    const lastDecision = !d ? '—'
      : `${d.promoted ? `promoted v${d.challengerVersion}` : d.championVersion === null ? `refused v${d.challengerVersion}` : `kept v${d.championVersion}`} ${d.at.slice(0, 10)}`;
    return [
      s.symbol,
      s.championVersion === null ? 'none' : `v${s.championVersion}${s.problem ? ' (broken)' : ''}`,
      s.ageDays === null ? '—' : mark(s.age, `${s.ageDays}d`),
      s.freshness ? freshnessLabel(s.freshness) : '—',
      h ? `${mark(h.directionAccuracy, pct(h.directionAccuracy.value))} / ${pct(h.baselineDirectionAccuracy)}` : '—',
      h ? `${mark(h.mape, pct(h.mape.value, 2))} / ${pct(h.persistenceMape, 2)}` : '—',
      h ? mark(h.meanConfidence, pct(h.meanConfidence.value)) : '—',
      h?.n != null ? String(h.n) : '—',
      skillPhrase(s.skill),
      lastDecision,
      s.nextTraining ? relative(new Date(s.nextTraining), now) : '—',
      String(s.openIncidents),
    ];
  });
  const lines = table(['symbol', 'champion', 'age', 'data', 'direction / baseline', 'MAPE / persistence', 'confidence', 'n', 'skill', 'last decision', 'next training', 'open incidents'], rows);
  {
    const off = (v: number | null, op: string, what: string) => (v === null ? null : `${what} ${op} ${pct(v, 0)}`);
    const absolute = [off(t.minDirectionAccuracy, '<', 'direction'), off(t.maxMape, '>', 'MAPE'), off(t.minConfidence, '<', 'confidence')].filter((x) => x !== null);
    lines.push(`thresholds: age > ${t.maxModelAgeDays}d${absolute.length ? `, ${absolute.join(', ')}` : ' (absolute metric thresholds off)'} (per-symbol overrides apply); "!" = past its threshold; metrics are holdout, n = sessions; skill: live, p Holm-adjusted`);
  }
  for (const s of symbols.filter((x) => x.problem)) lines.push(`${s.symbol}: ${s.problem}`);
  const openTotal = systemIncidents + symbols.reduce((n, s) => n + s.openIncidents, 0);
  if (openTotal > 0) lines.push(`${openTotal} open incident(s)${systemIncidents ? `, ${systemIncidents} system-wide` : ''}: see \`stockflow alerts\``);
  {
    const notFresh = symbols.filter((x) => x.freshness && x.freshness.state !== 'fresh').map((x) => describeFreshness(x.freshness as Freshness));
    if (notFresh.length) lines.push(`data not current (last completed NYSE session ${symbols[0]?.freshness?.lastCompletedSession}):`, ...notFresh.map((l) => `  ${l}`));
  }
  if (!temporal.info.reachable) {
    lines.push(`Temporal unreachable at ${temporal.info.address}: next run times unknown (${temporal.info.error}). Start it with \`npm start\`.`);
  } else if (temporal.schedules) {
    lines.push('schedules:');
    for (const s of temporal.schedules) {
      lines.push(`  ${s.id.padEnd(22)} ${s.paused ? `paused${s.note ? ` (${s.note})` : ''}` : `next ${isoMinute(s.nextRuns[0])}`}`);
    }
    if (temporal.missing.length) lines.push(`  not applied: ${temporal.missing.join(', ')} (run \`stockflow schedules apply\`)`);
  }
  return lines;
}
