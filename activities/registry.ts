import type { BackupResult, PromotionResult, RecordRetrainInput, RestoreInput, CompareResult } from '../common/wire';
import { nextTradingDay } from '../market-hours';
import { disposeEnsemble, predictNext } from '../model';
import { decidePromotion } from '../registry';
import type { ActivityDeps } from './deps';
import { withFailureMapping } from './failures';
import { loadModel } from './model-store';

export interface PromoteOrKeepInput {
  symbol: string;
  challengerVersion: number;
  comparison: CompareResult;
  workflowId?: string;
}

export function createRegistryActivities(deps: ActivityDeps) {
  const { registry, history, priceCache } = deps;

  /** Recomputes and stores the champion's next-session forecast (served by the API). */
  async function storeChampionForecast(symbol: string): Promise<boolean> {
    if (!registry.getChampion(symbol)) return false;
    const champion = registry.loadChampion(symbol);
    const model = await loadModel(champion);
    try {
      const p = predictNext(model, await priceCache.read(symbol));
      history.addPrediction({
        // The session the forecast is for: the first one after the last bar it was made from.
        symbol, asOf: p.asOf, targetDate: nextTradingDay(p.asOf), forecastClose: p.forecastClose, lastClose: p.lastClose, direction: p.direction,
        confidence: p.confidence, modelVersion: champion.version,
        details: { predictedReturn: p.predictedReturn, recipe: p.recipe, trainedAt: p.trainedAt },
      });
      return true;
    } finally {
      disposeEnsemble(model);
    }
  }

  return withFailureMapping({
    /** Copies the current champion aside before anything risky; null ids when there is none. */
    async backupChampion({ symbol, reason }: { symbol: string; reason: string }): Promise<BackupResult> {
      const pointer = registry.getChampion(symbol);
      if (!pointer) return { symbol, backupId: null, championVersion: null };
      const backup = registry.backupChampion(symbol, reason);
      return { symbol, backupId: backup.id, championVersion: pointer.version };
    },

    /** Compensation: makes the backed-up version champion again (a no-op when it still is). */
    async restoreChampion({ symbol, backupId, reason }: RestoreInput): Promise<{ version: number; changed: boolean }> {
      const result = registry.restoreBackup(symbol, backupId, reason);
      return { version: result.version, changed: result.change.changed };
    },

    /** The promotion gate: promote the challenger or keep the champion, and record why. */
    async promoteOrKeep({ symbol, challengerVersion, comparison, workflowId }: PromoteOrKeepInput): Promise<PromotionResult> {
      const current = registry.getChampion(symbol);
      const c = comparison.challenger;
      const decision = decidePromotion({
        challenger: {
          version: challengerVersion,
          loaded: comparison.challengerLoaded,
          predicted: comparison.challengerPredicted,
          error: comparison.challengerError,
          scores: { mape: c.mape, directionAccuracy: c.directionAccuracy, n: c.n, from: c.from, to: c.to },
        },
        champion: current
          ? {
              version: current.version,
              scores: comparison.champion
                ? { mape: comparison.champion.mape, directionAccuracy: comparison.champion.directionAccuracy, n: comparison.champion.n, from: comparison.champion.from, to: comparison.champion.to }
                : null,
              error: comparison.champion ? undefined : 'could not be loaded or scored',
            }
          : null,
        baseline: { mape: c.persistenceMape, directionAccuracy: c.baselineDirectionAccuracy },
        margin: deps.promotion.margin,
        checkBaseline: deps.promotion.checkBaseline,
      });
      const change = registry.promote(symbol, challengerVersion, decision);
      history.addDecision({
        symbol, challengerVersion, championVersion: current?.version ?? null, promoted: decision.promote,
        reason: decision.reason, details: { comparisons: decision.comparisons, margins: decision.margins }, workflowId: workflowId ?? null,
      });
      return { symbol, promoted: decision.promote, reason: decision.reason, championVersion: change.to };
    },

    /** Stores the evaluations of a retrain and refreshes the served forecast. */
    async recordRetrain({ result }: RecordRetrainInput): Promise<void> {
      history.addEvaluation({
        symbol: result.symbol, version: result.challengerVersion, kind: 'holdout',
        from: result.challenger.from, to: result.challenger.to, n: result.challenger.n,
        metrics: { ...result.challenger }, source: deps.sourceName,
      });
      if (result.champion && result.championBefore !== null) {
        history.addEvaluation({
          symbol: result.symbol, version: result.championBefore, kind: 'backtest',
          from: result.champion.from, to: result.champion.to, n: result.champion.n,
          metrics: { ...result.champion }, source: deps.sourceName,
        });
      }
      await storeChampionForecast(result.symbol);
    },

    /** After new data arrived: the champion's forecast for the next session. */
    async refreshPrediction({ symbol }: { symbol: string }): Promise<{ stored: boolean }> {
      return { stored: await storeChampionForecast(symbol) };
    },
  });
}
