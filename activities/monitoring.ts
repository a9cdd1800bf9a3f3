import type { AlertInput, ApiCheckResult, DueSymbol, DueSymbols, LiveScore, SymbolAssessment, SystemHealth } from '../common/wire';
import { toDailyForecasts } from '../model/daily-forecasts';
import { scoreForecasts, walkForward } from '../model/evaluate';
import { disposeEnsemble } from '../model';
import { assessTrend, checkPredictApi, judgeLiveScore, modelAgeDays, postWebhook, readSystemHealth } from '../monitoring';
import type { ActivityDeps } from './deps';
import { withFailureMapping } from './failures';
import { retrainPolicyVerdict } from './retrain-attempts';
import { engineMetadata, loadModel } from './model-store';

export function createMonitoringActivities(deps: ActivityDeps) {
  const { registry, history, priceCache } = deps;
  const fetchImpl = deps.fetch ?? fetch;

  /**
   * Scores the champion on the sessions that arrived after the data it was trained on;
   * `record` stores the score in the history (monitoring does, the weekly due-check does not).
   */
  async function liveScore(symbol: string, record: boolean): Promise<{ live: LiveScore | null; version: number; trainedAt: string; trend: SymbolAssessment['trend'] }> {
    const loaded = registry.loadChampion(symbol);
    const meta = engineMetadata(loaded);
    const model = await loadModel(loaded);
    try {
      const bars = await priceCache.read(symbol);
      const after = bars.find((b) => b.date > meta.dataRange.bars.to)?.date;
      const run = after ? walkForward(model, bars, { from: after }) : null;
      if (!run || run.forecasts.length === 0) return { live: null, version: loaded.version, trainedAt: meta.trainedAt, trend: null };
      // One walk-forward pass: scored for the live metrics, and per day for the trend.
      const report = scoreForecasts(symbol, run.usable, run.forecasts, { from: meta.dataRange.train.from, to: meta.dataRange.validation.to });
      const days = toDailyForecasts(run);
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
        details: { directionCi: live.directionCi, persistenceMape: live.persistenceMape, baselineDirectionAccuracy: live.baselineDirectionAccuracy },
      });
      return { live, version: loaded.version, trainedAt: meta.trainedAt, trend: assessTrend(days) };
    } finally {
      disposeEnsemble(model);
    }
  }

  return withFailureMapping({
    async systemHealth(): Promise<SystemHealth> {
      return readSystemHealth(deps.dataDir, deps.now());
    },

    /** Calls GET /predict/:symbol for every symbol: success and latency. */
    async apiCheck({ symbols }: { symbols: string[] }): Promise<ApiCheckResult> {
      if (!deps.apiBaseUrl) return { baseUrl: null, checks: [], successRate: null, p50LatencyMs: null };
      return checkPredictApi(deps.apiBaseUrl, symbols, { token: deps.apiToken, fetch: fetchImpl });
    },

    /** Live performance, thresholds and trend of one symbol's champion. */
    async assessSymbol({ symbol }: { symbol: string }): Promise<SymbolAssessment> {
      if (!registry.getChampion(symbol)) {
        return { symbol, championVersion: null, modelAgeDays: null, modelAgeHours: null, live: null, breaches: [], trend: null, note: 'no champion model yet' };
      }
      const { live, version, trainedAt, trend } = await liveScore(symbol, true);
      const judgement = judgeLiveScore(live, deps.thresholdsFor(symbol), deps.minLiveSessions);
      return {
        symbol, championVersion: version, modelAgeDays: modelAgeDays(trainedAt, deps.now()),
        modelAgeHours: (deps.now().getTime() - Date.parse(trainedAt)) / 3_600_000,
        live, breaches: judgement.breaches, trend, note: judgement.note,
      };
    },

    /** Stores alerts and posts them to the webhook (a failed POST is logged, not retried). */
    async raiseAlerts({ alerts }: { alerts: AlertInput[] }): Promise<{ stored: number; webhookStatus: number | null; webhookError?: string }> {
      const at = deps.now();
      for (const a of alerts) history.addAlert({ at, symbol: a.symbol, kind: a.kind, severity: a.severity, message: a.message, details: a.details });
      if (!deps.webhookUrl) return { stored: alerts.length, webhookStatus: null };
      try {
        return { stored: alerts.length, webhookStatus: await postWebhook(deps.webhookUrl, alerts, fetchImpl) };
      } catch (err) {
        return { stored: alerts.length, webhookStatus: null, webhookError: (err as Error).message };
      }
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
        const thresholds = deps.thresholdsFor(symbol);
        const reasons: string[] = [];
        const { live, trainedAt } = await liveScore(symbol, false);
        const age = modelAgeDays(trainedAt, deps.now());
        if (age > thresholds.maxModelAgeDays) reasons.push(`model is ${age} days old (> ${thresholds.maxModelAgeDays})`);
        reasons.push(...judgeLiveScore(live, thresholds, deps.minLiveSessions).breaches);
        if (reasons.length > 0) await admit(symbol, reasons);
      }
      return { due, refused };
    },
  });
}
