import type {
  ApiCheckResult, DueSymbol, Incident, LiveScore, ReconcileIncidentsInput, ReconcileIncidentsResult, SymbolAssessment, SystemHealth,
} from '../common/wire';
import { toDailyForecasts } from '../model/daily-forecasts';
import { scoreForecasts, walkForward } from '../model/evaluate';
import { disposeEnsemble } from '../model';
import { assessTrend, checkPredictApi, incidentPayload, judgeLiveScore, modelAgeDays, postWebhook, readSystemHealth } from '../monitoring';
import type { ActivityDeps } from './deps';
import { withFailureMapping } from './failures';
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
      return readSystemHealth(deps.dataDir, deps.now(), deps.healthLimits);
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

    /**
     * Reconciles this run's conditions with the open incidents (one transaction), then POSTs the
     * webhook only when an incident opened or resolved. A failed POST is reported, not retried:
     * the incidents are stored, and a retry would count this run's occurrences twice.
     */
    async reconcileIncidents({ conditions, scope }: ReconcileIncidentsInput): Promise<ReconcileIncidentsResult> {
      const change = history.reconcileIncidents(deps.now(), conditions, scope);
      const ids = (list: Incident[]) => list.map((i) => i.id);
      const result: ReconcileIncidentsResult = { opened: ids(change.opened), updated: ids(change.updated), resolved: ids(change.resolved), webhookStatus: null };
      if (!deps.webhookUrl || (change.opened.length === 0 && change.resolved.length === 0)) return result;
      try {
        result.webhookStatus = await postWebhook(deps.webhookUrl, incidentPayload(change), fetchImpl);
        if (result.webhookStatus < 200 || result.webhookStatus >= 300) result.webhookError = `webhook answered HTTP ${result.webhookStatus}`;
      } catch (err) {
        result.webhookError = `webhook POST failed: ${(err as Error).message}`;
      }
      return result;
    },

    /** What the weekly run should retrain: no model, too old, or below a threshold live. */
    async findDueSymbols({ force }: { force: boolean }): Promise<DueSymbol[]> {
      const due: DueSymbol[] = [];
      for (const symbol of deps.symbols) {
        if (force) {
          due.push({ symbol, reasons: ['forced'] });
          continue;
        }
        const pointer = registry.getChampion(symbol);
        if (!pointer) {
          due.push({ symbol, reasons: ['no model'] });
          continue;
        }
        const thresholds = deps.thresholdsFor(symbol);
        const reasons: string[] = [];
        const { live, trainedAt } = await liveScore(symbol, false);
        const age = modelAgeDays(trainedAt, deps.now());
        if (age > thresholds.maxModelAgeDays) reasons.push(`model is ${age} days old (> ${thresholds.maxModelAgeDays})`);
        reasons.push(...judgeLiveScore(live, thresholds, deps.minLiveSessions).breaches);
        if (reasons.length > 0) due.push({ symbol, reasons });
      }
      return due;
    },
  });
}
