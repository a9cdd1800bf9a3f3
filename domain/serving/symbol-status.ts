/**
 * The one symbol-status function (issue 8): each symbol's champion (registry summary), its
 * metrics judged against their thresholds by monitoring's own rules, its skill judgement, last
 * run and decision, next runs, open incidents, latest forecast and data freshness. `GET /models`,
 * the dashboard and `stockflow status` read these rows (monitorAll's per-symbol SymbolAssessment is
 * the judging run's outcome — breaches, retrain policy — and stays its own type).
 *
 * `symbolStatuses` reads the history with a fixed number of set-based queries whatever the number
 * of symbols (latest live score of every champion, latest evaluation / live score / decision /
 * forecast per symbol, open incident counts); `symbolStatusOf` reads one symbol's rows.
 */
import type {
  CheckStatus, Freshness, IncidentCounts, LastDecision, LastRun, LiveSummary, MetricCheck, ModelSummary, StatusThresholds,
  SymbolChecks, SymbolStatus,
} from '../../common/wire/index.js';
import type { DecisionRecord, EvaluationRecord, HistoryStore, IncidentCount, LiveScoreRecord, PredictionRecord } from '../history/index.js';
import { judgeMetrics, MIN_LIVE_SAMPLES, modelAgeDays } from '../judgement/thresholds.js';
import { storedSkillJudgement } from '../judgement/skill-record.js';
import { nextRuns, type ScheduleRunTimes } from '../judgement/next-runs.js';
import { toForecastView } from './forecast-view.js';

export interface SymbolStatusInput {
  /** The symbols' registry summaries (toModelSummary), in the order the rows are wanted. */
  models: readonly ModelSummary[];
  /** null: no history database yet (nothing has run against this data directory): no runs, scores or incidents. */
  history: StatusHistory | null;
  /** Config `thresholds` with the symbol's overrides (config's thresholdsFor). */
  thresholdsFor: (symbol: string) => StatusThresholds;
  /** Live sessions needed before live scores are judged instead of the holdout (config monitoring.minLiveSessions). */
  minLiveSessions?: number;
  /** More completed sessions behind than this = stale (config monitoring.staleAfterSessions). */
  staleAfterSessions: number;
  /** The schedules' next run times; null when Temporal could not be asked. */
  schedules: readonly ScheduleRunTimes[] | null;
  /** Each symbol's data freshness (a symbol missing here has an unknown freshness: it reads as stale). */
  freshness: ReadonlyMap<string, Freshness>;
  now: Date;
}

/** The history queries a status row reads. */
export type StatusHistory = Pick<HistoryStore,
  'latestLiveScoresOf' | 'latestLiveScores' | 'latestEvaluations' | 'latestDecisions' | 'latestPredictions' | 'openIncidentCounts'
  | 'liveScoreHistory' | 'latestEvaluation' | 'decisionHistory' | 'latestPrediction'>;

const NO_ROWS: LatestRows = { championLive: undefined, live: undefined, evaluation: undefined, decision: undefined, prediction: undefined };

/** The latest history rows a status row is built from, for one symbol. */
export interface LatestRows {
  championLive: LiveScoreRecord | undefined;
  live: LiveScoreRecord | undefined;
  evaluation: EvaluationRecord | undefined;
  decision: DecisionRecord | undefined;
  prediction: PredictionRecord | undefined;
}

/** Every symbol's latest history rows and the open incident counts: what `buildStatuses` reads. */
export interface LatestHistory {
  rows: ReadonlyMap<string, LatestRows>;
  incidents: readonly IncidentCount[];
}

/** Every symbol's row, from a fixed number of history queries (not one per symbol). */
export function symbolStatuses(input: SymbolStatusInput): SymbolStatus[] {
  return buildStatuses(input, readLatestHistory(input.history, input.models));
}

/**
 * The history part of every row in six statements whatever the number of symbols: the newest
 * live score of each champion, the newest evaluation, live score, decision and forecast per symbol,
 * and the open incident counts. A caller may keep it while the database has not changed (the API).
 */
export function readLatestHistory(history: StatusHistory | null, models: readonly ModelSummary[]): LatestHistory {
  if (!history) return { rows: new Map(), incidents: [] };
  const champions = models.flatMap((m) => (m.champion ? [{ symbol: m.symbol, version: m.champion.version }] : []));
  const championLive = bySymbol(history.latestLiveScoresOf(champions));
  const live = bySymbol(history.latestLiveScores());
  const evaluations = bySymbol(history.latestEvaluations());
  const decisions = bySymbol(history.latestDecisions());
  const predictions = bySymbol(history.latestPredictions());
  const rows = new Map<string, LatestRows>(models.map((m) => [m.symbol, {
    championLive: championLive.get(m.symbol),
    live: live.get(m.symbol),
    evaluation: evaluations.get(m.symbol),
    decision: decisions.get(m.symbol),
    prediction: predictions.get(m.symbol),
  }]));
  return { rows, incidents: history.openIncidentCounts() };
}

/** The rows from history read by readLatestHistory (for the same models). */
export function buildStatuses(input: SymbolStatusInput, latest: LatestHistory): SymbolStatus[] {
  const next = nextRuns(input.schedules); // the schedules cover every symbol: once, not per row
  return input.models.map((m) => buildRow(m, latest.rows.get(m.symbol) ?? NO_ROWS, latest.incidents, input, next));
}

/** One symbol's row (`GET /models/:symbol`), from that symbol's rows only. */
export function symbolStatusOf(model: ModelSummary, input: Omit<SymbolStatusInput, 'models'>): SymbolStatus {
  const { history } = input;
  const symbol = model.symbol;
  if (!history) return buildRow(model, NO_ROWS, [], input);
  return buildRow(model, {
    championLive: model.champion ? history.liveScoreHistory(symbol, { version: model.champion.version, limit: 1 })[0] : undefined,
    live: history.liveScoreHistory(symbol, { limit: 1 })[0],
    evaluation: history.latestEvaluation(symbol) ?? undefined,
    decision: history.decisionHistory(symbol, { limit: 1 })[0],
    prediction: history.latestPrediction(symbol) ?? undefined,
  }, history.openIncidentCounts(), input);
}

function bySymbol<T extends { symbol: string }>(rows: readonly T[]): Map<string, T> {
  return new Map(rows.map((r) => [r.symbol, r]));
}

function buildRow(
  model: ModelSummary, rows: LatestRows, incidents: readonly IncidentCount[], input: Omit<SymbolStatusInput, 'models'>, next = nextRuns(input.schedules),
): SymbolStatus {
  const { now, symbol } = { now: input.now, symbol: model.symbol };
  const thresholds = input.thresholdsFor(symbol);
  const ageDays = model.trainedAt ? modelAgeDays(model.trainedAt, now) : null;
  const ageSeconds = model.trainedAt ? Math.max(0, Math.round((now.getTime() - Date.parse(model.trainedAt)) / 1000)) : null;
  const live = rows.championLive ? toLiveSummary(rows.championLive) : null;
  const checks = judgeChecks(model.holdout, live, ageDays, thresholds, input.minLiveSessions);
  const skill = storedSkillJudgement(rows.championLive?.details);
  const freshness = input.freshness.get(symbol) ?? unknownFreshness(symbol, now);
  return {
    ...model,
    ageSeconds,
    ageDays,
    live,
    thresholds: { maxModelAgeDays: thresholds.maxModelAgeDays, minDirectionAccuracy: thresholds.minDirectionAccuracy, maxMape: thresholds.maxMape, minConfidence: thresholds.minConfidence },
    checks,
    skill,
    status: model.champion ? rowStatus(checks, skill) : 'no-model',
    lastRun: lastRunOf(rows),
    lastDecision: rows.decision ? toLastDecision(rows.decision) : null,
    nextRun: next,
    openIncidents: countOpenIncidents(incidents, symbol),
    latestForecast: rows.prediction ? toForecastView(rows.prediction) : null,
    freshness,
    stale: isStale(freshness, input.staleAfterSessions),
  };
}

/** Whether a forecast made from this data is stale: no data, or more sessions behind than allowed. */
export function isStale(f: Freshness, staleAfterSessions: number): boolean {
  return f.sessionsBehind === null || f.sessionsBehind > staleAfterSessions;
}

/** A symbol whose freshness was not given: nothing known of its data. */
function unknownFreshness(symbol: string, now: Date): Freshness {
  return { symbol, state: 'stale', lastBar: null, lastCompletedSession: '', sessionsBehind: null, checkedAt: now.toISOString() };
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function toLiveSummary(r: LiveScoreRecord): LiveSummary {
  const ci = r.details.directionCi;
  return {
    scoredAt: r.scoredAt,
    version: r.version,
    from: r.from,
    to: r.to,
    n: r.n,
    directionAccuracy: r.directionAccuracy,
    directionCi: Array.isArray(ci) && ci.length === 2 && ci.every((x) => typeof x === 'number') ? [ci[0] as number, ci[1] as number] : null,
    mape: r.mape,
    meanConfidence: r.meanConfidence,
    persistenceMape: num(r.details.persistenceMape),
    baselineDirectionAccuracy: num(r.details.baselineDirectionAccuracy),
  };
}

function toLastDecision(d: DecisionRecord): LastDecision {
  return { at: d.at, promoted: d.promoted, challengerVersion: d.challengerVersion, championVersion: d.championVersion, reason: d.reason };
}

/** Open incidents of one symbol (null: the system-wide ones), from the database's grouped counts. */
export function countOpenIncidents(open: readonly IncidentCount[], symbol: string | null): IncidentCounts {
  const counts: IncidentCounts = { total: 0, critical: 0, warning: 0, info: 0 };
  for (const c of open) {
    if (c.symbol !== symbol) continue;
    counts.total += c.count;
    counts[c.severity] += c.count;
  }
  return counts;
}

/**
 * The row's colour: a breached skill rule or threshold is a breach, then a warning; ok when
 * every judged part is ok (thresholds that are off do not count); unknown when nothing was judged.
 */
export function rowStatus(checks: SymbolChecks, skill: SymbolStatus['skill']): CheckStatus {
  const statuses = Object.values(checks).map((c) => c.status).filter((s) => s !== 'off');
  if (skill?.tests.length) statuses.push(skill.breached.length ? 'breach' : 'ok');
  if (statuses.includes('breach')) return 'breach';
  if (statuses.includes('warn')) return 'warn';
  return statuses.length > 0 && statuses.every((s) => s === 'ok') ? 'ok' : 'unknown';
}

/** The most recent of the last decision, evaluation and live score. */
function lastRunOf(rows: LatestRows): LastRun | null {
  const candidates: LastRun[] = [];
  const { decision, evaluation, live } = rows;
  if (decision) {
    candidates.push({
      at: decision.at,
      kind: 'retrain',
      detail: `${decision.promoted ? 'promoted' : 'kept'}${decision.challengerVersion !== null ? ` v${decision.challengerVersion}` : ''}: ${decision.reason}`,
      workflowId: decision.workflowId,
    });
  }
  if (evaluation) candidates.push({ at: evaluation.evaluatedAt, kind: 'evaluation', detail: `${evaluation.kind} of v${evaluation.version} (n=${evaluation.n})`, workflowId: null });
  if (live) candidates.push({ at: live.scoredAt, kind: 'live-score', detail: `live score of v${live.version} (n=${live.n})`, workflowId: null });
  candidates.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return candidates[0] ?? null;
}

/**
 * Each metric against its threshold, by monitoring's own rules (judgeMetrics). The live score
 * of the champion is used once it has `minLiveSessions` sessions, else the holdout.
 */
export function judgeChecks(
  holdout: ModelSummary['holdout'], live: LiveSummary | null, ageDays: number | null, t: StatusThresholds, minSamples = MIN_LIVE_SAMPLES,
): SymbolChecks {
  const useLive = live !== null && live.n >= minSamples;
  const basis: MetricCheck['basis'] = useLive ? 'live' : holdout ? 'holdout' : null;
  const src = useLive
    ? { n: live.n, da: live.directionAccuracy, ci: live.directionCi, mape: live.mape, conf: live.meanConfidence, pMape: live.persistenceMape, bDa: live.baselineDirectionAccuracy, bName: null as string | null }
    : { n: holdout?.n ?? null, da: holdout?.directionAccuracy ?? null, ci: holdout?.directionCi ?? null, mape: holdout?.mape ?? null, conf: holdout?.meanConfidence ?? null, pMape: holdout?.persistenceMape ?? null, bDa: holdout?.baselineDirectionAccuracy ?? null, bName: holdout?.baselineDirectionName ?? null };
  const status = judgeMetrics({ n: src.n, directionAccuracy: src.da, directionCi: src.ci, mape: src.mape, meanConfidence: src.conf }, t, minSamples);
  return {
    directionAccuracy: {
      value: src.da, threshold: t.minDirectionAccuracy, kind: 'min', basis, n: src.n, baseline: src.bDa, baselineName: src.bName,
      status: status.directionAccuracy,
    },
    mape: {
      value: src.mape, threshold: t.maxMape, kind: 'max', basis, n: src.n, baseline: src.pMape, baselineName: 'persistence',
      status: status.mape,
    },
    confidence: {
      value: src.conf, threshold: t.minConfidence, kind: 'min', basis, n: src.n, baseline: null, baselineName: null,
      status: status.meanConfidence,
    },
    age: {
      value: ageDays, threshold: t.maxModelAgeDays, kind: 'max', basis: ageDays === null ? null : 'registry', n: null, baseline: null, baselineName: null,
      status: ageDays === null ? 'unknown' : ageDays > t.maxModelAgeDays ? 'breach' : 'ok',
    },
  };
}
