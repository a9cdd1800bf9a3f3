/**
 * The per-symbol status rows of `GET /models` and the dashboard: the cached model summary plus
 * what changes between retrains (latest live score, last run, open incidents, stored forecast), each
 * metric judged against its (per-symbol) threshold the way monitoring judges it.
 */
import type { ForecastIntervals } from '../../common/wire/index.js';
import { workflowIds } from '../../common/constants.js';
import type { EvaluationSummary, SkillJudgement } from '../../common/wire/index.js';
import { thresholdsFor, type Thresholds } from '../../config/index.js';
import type { HistoryStore, IncidentCount, LiveScoreRecord, PredictionRecord } from '../../domain/history/index.js';
import { nextTradingDay } from '../../domain/market-hours/index.js';
import { judgeMetrics, MIN_LIVE_SAMPLES, modelAgeDays } from '../../domain/judgement/thresholds.js';
import { storedSkillJudgement } from '../../domain/judgement/skill-record.js';
import { nextRuns } from '../../domain/judgement/next-runs.js';
import { temporalUiLink } from '../../client/run-workflows.js';
import type { ApiConfig, CheckStatus, MetricCheck, ModelSummary, ScheduleInfo } from './types.js';

/** Open incidents (acknowledged or not), in total and per severity. */
export interface IncidentCounts {
  total: number;
  critical: number;
  warning: number;
  info: number;
}

export interface LastRun {
  at: string;
  kind: 'retrain' | 'evaluation' | 'live-score';
  detail: string;
  workflowId: string | null;
}

export interface LiveSummary {
  scoredAt: string;
  version: number;
  from: string;
  to: string;
  n: number;
  directionAccuracy: number | null;
  directionCi: [number, number] | null;
  mape: number | null;
  meanConfidence: number | null;
  persistenceMape: number | null;
  baselineDirectionAccuracy: number | null;
}

export interface ForecastView {
  symbol: string;
  asOf: string;
  /** The session the forecast is for: stored with it, else the first session after `asOf`. */
  targetDate: string;
  forecastClose: number;
  lastClose: number | null;
  /** forecastClose / lastClose − 1, when the last close is known. */
  expectedChange: number | null;
  /** "none": no directional information; "flat" only in forecasts stored before issue 10. */
  direction: 'up' | 'down' | 'none' | 'flat';
  confidence: number;
  /** 80% / 95% intervals of the close of targetDate; null for forecasts stored before intervals existed. */
  intervals: ForecastIntervals | null;
  modelVersion: number;
  createdAt: string;
}

export interface ModelListItem extends Omit<ModelSummary, 'builtAt'> {
  ageSeconds: number | null;
  ageDays: number | null;
  live: LiveSummary | null;
  thresholds: Thresholds;
  checks: { directionAccuracy: MetricCheck; mape: MetricCheck; confidence: MetricCheck; age: MetricCheck };
  /** The champion's skill judgement from its latest live score (null: none stored yet). */
  skill: SkillJudgement | null;
  /** Worst of the checks and the skill judgement; 'no-model' when there is no champion. */
  status: CheckStatus | 'no-model';
  lastRun: LastRun | null;
  nextRun: { training: string | null; monitoring: string | null };
  openIncidents: IncidentCounts;
  latestForecast: ForecastView | null;
  links: { workflows: string; lastRunWorkflow: string | null } | null;
}

export interface OverviewContext {
  history: HistoryStore;
  config: ApiConfig;
  now: Date;
  temporalUi?: { baseUrl: string; namespace: string };
  schedules: ScheduleInfo[] | null;
  /** Open incident counts per symbol and severity (history.openIncidentCounts()). */
  incidents: IncidentCount[];
}

export function toForecastView(p: PredictionRecord): ForecastView {
  return {
    symbol: p.symbol,
    asOf: p.asOf,
    targetDate: p.targetDate ?? nextTradingDay(p.asOf),
    forecastClose: p.forecastClose,
    lastClose: p.lastClose,
    expectedChange: p.lastClose ? p.forecastClose / p.lastClose - 1 : null,
    direction: p.direction,
    confidence: p.confidence,
    intervals: p.intervals,
    modelVersion: p.modelVersion,
    createdAt: p.createdAt,
  };
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

/** Open incidents of one symbol (null: all, system-wide included), from the database's grouped counts. */
export function countOpenIncidents(open: readonly IncidentCount[], symbol: string | null): IncidentCounts {
  const counts: IncidentCounts = { total: 0, critical: 0, warning: 0, info: 0 };
  for (const c of open) {
    if (symbol !== null && c.symbol !== symbol) continue;
    counts.total += c.count;
    counts[c.severity] += c.count;
  }
  return counts;
}

export function temporalWorkflowsLink(ui: { baseUrl: string; namespace: string }, workflowId: string): string {
  const base = ui.baseUrl.replace(/\/$/, '');
  return `${base}/namespaces/${encodeURIComponent(ui.namespace)}/workflows?query=${encodeURIComponent(`WorkflowId="${workflowId}"`)}`;
}

export { nextRunOf } from '../../domain/judgement/next-runs.js';

export function buildListItem(summary: ModelSummary, ctx: OverviewContext): ModelListItem {
  const { history, now } = ctx;
  const symbol = summary.symbol;
  const thresholds = thresholdsFor(ctx.config, symbol);
  const ageDays = summary.trainedAt ? modelAgeDays(summary.trainedAt, now) : null;
  const ageSeconds = summary.trainedAt ? Math.max(0, Math.round((now.getTime() - Date.parse(summary.trainedAt)) / 1000)) : null;

  const liveRecord = summary.champion ? history.liveScoreHistory(symbol, { version: summary.champion.version, limit: 1 })[0] : undefined;
  const live = liveRecord ? toLiveSummary(liveRecord) : null;
  const checks = judge(summary.holdout, live, ageDays, thresholds, ctx.config.monitoring?.minLiveSessions);
  const skill = storedSkillJudgement(liveRecord?.details);
  const status: ModelListItem['status'] = summary.champion ? rowStatus(checks, skill) : 'no-model';

  const lastRun = lastRunOf(history, symbol);
  const prediction = history.latestPrediction(symbol);
  const { builtAt: _builtAt, ...rest } = summary;
  return {
    ...rest,
    ageSeconds,
    ageDays,
    live,
    thresholds,
    checks,
    skill,
    status,
    lastRun,
    nextRun: nextRuns(ctx.schedules),
    openIncidents: countOpenIncidents(ctx.incidents, symbol),
    latestForecast: prediction ? toForecastView(prediction) : null,
    links: ctx.temporalUi
      ? {
          workflows: temporalWorkflowsLink(ctx.temporalUi, workflowIds.retrainSymbol(symbol)),
          lastRunWorkflow: lastRun?.workflowId ? temporalUiLink(ctx.temporalUi.baseUrl, ctx.temporalUi.namespace, lastRun.workflowId) : null,
        }
      : null,
  };
}

/**
 * The row's colour: a breached skill rule or threshold is a breach, then a warning; ok when
 * every judged part is ok (thresholds that are off do not count); unknown when nothing was judged.
 */
export function rowStatus(checks: ModelListItem['checks'], skill: SkillJudgement | null): CheckStatus {
  const statuses = Object.values(checks).map((c) => c.status).filter((s) => s !== 'off');
  if (skill?.tests.length) statuses.push(skill.breached.length ? 'breach' : 'ok');
  if (statuses.includes('breach')) return 'breach';
  if (statuses.includes('warn')) return 'warn';
  return statuses.length > 0 && statuses.every((s) => s === 'ok') ? 'ok' : 'unknown';
}

function lastRunOf(history: HistoryStore, symbol: string): LastRun | null {
  const candidates: LastRun[] = [];
  const decision = history.decisionHistory(symbol, { limit: 1 })[0];
  if (decision) {
    candidates.push({
      at: decision.at,
      kind: 'retrain',
      detail: `${decision.promoted ? 'promoted' : 'kept'}${decision.challengerVersion !== null ? ` v${decision.challengerVersion}` : ''}: ${decision.reason}`,
      workflowId: decision.workflowId,
    });
  }
  const evaluation = history.latestEvaluation(symbol);
  if (evaluation) candidates.push({ at: evaluation.evaluatedAt, kind: 'evaluation', detail: `${evaluation.kind} of v${evaluation.version} (n=${evaluation.n})`, workflowId: null });
  const live = history.liveScoreHistory(symbol, { limit: 1 })[0];
  if (live) candidates.push({ at: live.scoredAt, kind: 'live-score', detail: `live score of v${live.version} (n=${live.n})`, workflowId: null });
  candidates.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return candidates[0] ?? null;
}

/**
 * Each metric against its threshold, by monitoring's own rules (judgeMetrics). The live score
 * of the champion is used once it has `monitoring.minLiveSessions` sessions, else the holdout.
 */
export function judge(
  holdout: EvaluationSummary | null, live: LiveSummary | null, ageDays: number | null, t: Thresholds, minSamples = MIN_LIVE_SAMPLES,
): ModelListItem['checks'] {
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
