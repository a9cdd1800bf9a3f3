import { Context } from '@temporalio/activity';
import type {
  ApiCheckResult, DueSymbol, DueSymbols, Incident, LiveScore, IncidentAdviceContext, ReconcileIncidentsInput, ReconcileIncidentsResult, SkillJudgement, SkillRule, SymbolAssessment, SystemHealth,
} from '../common/wire/index.js';
import { withAdvice } from '../common/incident-advice.js';
import type { PriceBar } from '../common/prices.js';
import { toDailyForecasts } from '../domain/engine/daily-forecasts.js';
import { scoreForecasts, walkForward } from '../domain/engine/evaluate.js';
import { attachForecasts, disposeEnsemble } from '../domain/engine/index.js';
import { checkPredictApi, isNotable, judgeLiveScore, judgeSkill, modelAgeDays, readSystemHealth, skillVerdict, webhookNotifier } from '../domain/judgement/index.js';
import type { ActivityDeps } from './deps.js';
import { withFailureMapping } from './failures.js';
import { pricesFor } from './prices.js';
import { retrainPolicyVerdict } from './retrain-attempts.js';
import { loadModel } from '../domain/serving/model-store.js';

/** Sessions before the live window on which the naive direction rule and the base rate are chosen. */
const PRIOR_SESSIONS = 250;

/** Skill rules whose breach is a performance breach (starts a retrain); skill-trend only warns. */
/** The advice context of a reconcile call that says nothing about retrains. */
const NOTHING_DONE: IncidentAdviceContext = { retrainsStarted: [], retrainsAlreadyRunning: [], retrainsRefused: [] };

export const RETRAIN_RULES: ReadonlySet<SkillRule> = new Set(['error-vs-persistence', 'direction-vs-naive', 'brier-vs-base-rate', 'skill-drop', 'interval-coverage']);

/** Log returns of the last `count` sessions up to and including `through` (oldest first). */
function logReturnsThrough(bars: readonly PriceBar[], through: string, count: number): number[] {
  const returns: number[] = [];
  for (let i = 1; i < bars.length; i++) {
    const [previous, bar] = [bars[i - 1]!, bars[i]!]; // 1 ≤ i < length
    if (bar.date > through) break;
    returns.push(Math.log(bar.close / previous.close));
  }
  return returns.slice(-count);
}

export function createMonitoringActivities(deps: ActivityDeps) {
  const { registry, history } = deps;
  const fetchImpl = deps.fetch ?? fetch;
  /** The alert channel (the webhook, when configured). */
  const notifier = deps.webhookUrl ? webhookNotifier(deps.webhookUrl, fetchImpl) : null;

  /**
   * Judges the champion on the sessions that arrived after the data it was trained on: the
   * live score (metrics beside their baselines) and the skill judgement (each skill rule on the
   * same sessions, sample-size aware). `record` stores both in the history (monitoring does, the
   * weekly due-check does not).
   */
  async function judgeChampion(symbol: string, record: boolean): Promise<{ live: LiveScore | null; skill: SkillJudgement; version: number; trainedAt: string }> {
    const loaded = registry.loadChampion(symbol);
    const meta = loaded.metadata;
    const model = await loadModel(loaded);
    try {
      const bars = await pricesFor(deps, symbol);
      const trainedThrough = meta.dataRange.bars.to;
      const after = bars.find((b) => b.date > trainedThrough)?.date;
      const run = after ? walkForward(model, bars, { from: after }) : null;
      const liveDays = run ? toDailyForecasts(run) : [];
      // The holdout walk-forward (for skill-drop) only when there are enough live sessions to judge.
      // The evaluated fit's stored out-of-sample forecasts when there are any (a served refit has
      // seen the holdout sessions, so re-running it there would flatter the holdout skill).
      const evaluationRange = { from: meta.dataRange.evaluation.from, to: meta.dataRange.evaluation.to };
      const holdoutRun = liveDays.length >= deps.minLiveSessions
        ? (meta.evaluationForecasts ? attachForecasts(bars, meta.evaluationForecasts, meta.dataRange.usableFrom, evaluationRange) : walkForward(model, bars, evaluationRange))
        : null;
      // Each live session's 80% close interval (interval-coverage) beside its forecast.
      const skill = judgeSkill(liveDays.map((d) => ({ ...d, p80: d.intervals.p80 })), {
        priorReturns: holdoutRun ? logReturnsThrough(holdoutRun.usable, trainedThrough, PRIOR_SESSIONS) : [],
        holdout: holdoutRun ? toDailyForecasts(holdoutRun) : [],
      }, { alpha: deps.judgement.significance, minSessions: deps.minLiveSessions });
      if (!run || run.forecasts.length === 0) return { live: null, skill, version: loaded.version, trainedAt: meta.trainedAt };
      // One walk-forward pass: scored for the live metrics, and per session for the skill rules.
      const report = scoreForecasts(symbol, run.usable, run.forecasts, { from: meta.dataRange.train.from, to: meta.dataRange.validation.to });
      const live: LiveScore = {
        symbol, version: loaded.version, from: report.range.from, to: report.range.to, n: report.range.n,
        directionAccuracy: report.model.directionAccuracy,
        directionCi: [report.model.directionCi95.low, report.model.directionCi95.high],
        mape: report.model.mape, meanConfidence: report.model.meanConfidence,
        persistenceMape: report.baselines.persistence.mape,
        baselineDirectionAccuracy: report.baselines.direction.accuracy,
      };
      if (record) history.addLiveScore({
        symbol, version: loaded.version, from: live.from, to: live.to, n: live.n,
        directionAccuracy: live.directionAccuracy, mape: live.mape, meanConfidence: live.meanConfidence,
        details: {
          directionCi: live.directionCi, persistenceMape: live.persistenceMape, baselineDirectionAccuracy: live.baselineDirectionAccuracy, skill,
          // Live interval scores (log-return units) beside the rolling-std baseline's, as in the holdout's EvaluationSummary.intervals.
          intervals: { model: report.model.intervals, rollingStd: report.baselines.rollingStd },
        },
      });
      return { live, skill, version: loaded.version, trainedAt: meta.trainedAt };
    } finally {
      disposeEnsemble(model);
    }
  }

  /** Performance breaches of a judged champion: skill rules that start a retrain, then any configured absolute threshold. */
  function performanceBreaches(symbol: string, live: LiveScore | null, skill: SkillJudgement): { breaches: string[]; absoluteBreaches: string[]; note?: string } {
    const skillBreaches = skill.tests.filter((t) => t.breach && RETRAIN_RULES.has(t.rule)).map((t) => `${t.rule}: ${t.detail}`);
    const absolute = judgeLiveScore(live, deps.thresholdsFor(symbol), deps.minLiveSessions);
    return { breaches: [...skillBreaches, ...absolute.breaches], absoluteBreaches: absolute.breaches, note: skill.note ?? absolute.note };
  }

  function ageBreach(symbol: string, ageDays: number): string | null {
    const { maxModelAgeDays } = deps.thresholdsFor(symbol);
    return ageDays > maxModelAgeDays ? `model is ${ageDays} days old (> ${maxModelAgeDays})` : null;
  }

  /** One symbol's champion: integrity, skill on its live sessions, any absolute threshold, age, and whether a retrain may start. */
  async function assessOne(symbol: string): Promise<SymbolAssessment> {
    const check = registry.checkChampion(symbol);
    const retrainPolicy = await retrainPolicyVerdict(deps, { symbol, force: false });
    const unjudged = {
      symbol, championVersion: check.pointer?.version ?? null, modelAgeDays: null, live: null, skill: null,
      breaches: [], absoluteBreaches: [], ageBreach: null, integrityProblem: null, retrainPolicy,
    };
    if (!check.pointer) return { ...unjudged, note: 'no champion model yet', verdict: 'no champion model yet' };
    if (check.problem) {
      const note = 'champion not judged: its files fail verification';
      return { ...unjudged, integrityProblem: check.problem, note, verdict: note };
    }
    const { live, skill, version, trainedAt } = await judgeChampion(symbol, true);
    const { breaches, absoluteBreaches, note } = performanceBreaches(symbol, live, skill);
    const ageDays = modelAgeDays(trainedAt, deps.now());
    return {
      ...unjudged, championVersion: version, modelAgeDays: ageDays, live, skill, breaches, absoluteBreaches,
      ageBreach: ageBreach(symbol, ageDays), ...(note ? { note } : {}), verdict: skillVerdict(skill),
    };
  }

  /** Heartbeats when running as an activity (a direct call, e.g. from a test, has no context). */
  function heartbeat(details: unknown): void {
    try {
      Context.current().heartbeat(details);
    } catch {
      // not inside an activity
    }
  }

  return withFailureMapping({
    async systemHealth(): Promise<SystemHealth> {
      return readSystemHealth(deps.dataDir, deps.now(), deps.healthLimits);
    },

    /** Calls GET /predict/:symbol for every symbol: success and latency. */
    async apiCheck({ symbols }: { symbols: string[] }): Promise<ApiCheckResult> {
      if (!deps.apiBaseUrl) return { baseUrl: null, checks: [], successRate: null, p50LatencyMs: null };
      return checkPredictApi(deps.apiBaseUrl, symbols, { token: deps.apiToken, fetch: fetchImpl });
    },

    /** One symbol's champion: integrity, skill on its live sessions, any absolute threshold, age, and whether a retrain may start. */
    async assessSymbol({ symbol }: { symbol: string }): Promise<SymbolAssessment> {
      return assessOne(symbol);
    },

    /**
     * assessSymbol over a chunk of symbols in one activity (three history events for the chunk
     * instead of three per symbol), heartbeating after each symbol; results keep the input order.
     */
    async assessSymbols({ symbols }: { symbols: string[] }): Promise<SymbolAssessment[]> {
      const assessments: SymbolAssessment[] = [];
      for (const symbol of symbols) {
        assessments.push(await assessOne(symbol));
        heartbeat({ assessed: assessments.length, of: symbols.length });
      }
      return assessments;
    },

    /**
     * Reconciles this run's conditions with the open incidents (one transaction), then POSTs the
     * webhook only when an incident opened or resolved. A failed POST is reported, not retried:
     * the incidents are stored, and a retry would count this run's occurrences twice.
     */
    async reconcileIncidents({ conditions, scope, adviceContext = NOTHING_DONE }: ReconcileIncidentsInput): Promise<ReconcileIncidentsResult> {
      // The workflow sends conditions without prose (a small payload at any size); the advice is built here.
      const change = history.reconcileIncidents(deps.now(), withAdvice(conditions, adviceContext), scope);
      const ids = (list: Incident[]) => list.map((i) => i.id);
      const result: ReconcileIncidentsResult = { opened: ids(change.opened), updated: ids(change.updated), resolved: ids(change.resolved), webhookStatus: null };
      if (!notifier || !isNotable(change)) return result;
      const outcome = await notifier.notify(change);
      result.webhookStatus = outcome.status;
      if (outcome.error) result.webhookError = outcome.error;
      return result;
    },

    /**
     * What the weekly run should retrain: no model, too old, or below a threshold live — unless
     * the retrain policy refuses it (cooldown, no new data, no-skill); `force` retrains all.
     */
    async findDueSymbols({ force }: { force: boolean }): Promise<DueSymbols> {
      const due: DueSymbol[] = [];
      const refused: DueSymbols['refused'] = [];
      const admit = async (symbol: string, reasons: string[]) => {
        const verdict = await retrainPolicyVerdict(deps, { symbol, force: false });
        if (verdict.allowed) due.push({ symbol, reasons });
        else refused.push({ ...verdict, dueReasons: reasons });
      };
      for (const symbol of deps.symbols) {
        if (force) {
          due.push({ symbol, reasons: ['forced'] });
          continue;
        }
        const pointer = registry.getChampion(symbol);
        if (!pointer) {
          await admit(symbol, ['no model']);
          continue;
        }
        const reasons: string[] = [];
        const { live, skill, trainedAt } = await judgeChampion(symbol, false);
        const age = ageBreach(symbol, modelAgeDays(trainedAt, deps.now()));
        if (age) reasons.push(age);
        reasons.push(...performanceBreaches(symbol, live, skill).breaches);
        if (reasons.length > 0) await admit(symbol, reasons);
      }
      return { due, refused };
    },
  });
}
