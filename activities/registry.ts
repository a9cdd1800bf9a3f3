import { Context } from '@temporalio/activity';
import type { BackupResult, PromotionResult, RecordRetrainInput, RestoreInput, CompareResult } from '../common/wire/index.js';
import { disposeEnsemble, predictNext } from '../domain/engine/index.js';
import { decidePromotion, type PromotionDecision } from '../domain/registry/index.js';
import type { ActivityDeps } from './deps.js';
import { withFailureMapping } from './failures.js';
import { pricesFor } from './prices.js';
import { loadModel } from '../domain/serving/model-store.js';

export interface PromoteOrKeepInput {
  symbol: string;
  challengerVersion: number;
  comparison: CompareResult;
  workflowId?: string;
  /**
   * The champion the challenger was compared against (the backup step's `championVersion`).
   * When the champion is another one by the time of the promotion, the challenger is kept.
   * Omitted: whatever is champion now (no such check).
   */
  comparedAgainst?: number | null;
}

export function createRegistryActivities(deps: ActivityDeps) {
  const { registry, history } = deps;

  /** Recomputes and stores the champion's next-session forecast (served by the API). */
  async function storeChampionForecast(symbol: string): Promise<boolean> {
    if (!registry.getChampion(symbol)) return false;
    const champion = registry.loadChampion(symbol);
    const model = await loadModel(champion);
    try {
      const p = predictNext(model, await pricesFor(deps, symbol));
      history.addPrediction({
        // The session the forecast is for: the first one after the last bar it was made from.
        symbol, asOf: p.asOf, targetDate: p.targetDate, forecastClose: p.forecastClose, lastClose: p.lastClose, direction: p.direction,
        confidence: p.confidence, modelVersion: champion.version, intervals: p.intervals,
        details: { predictedReturn: p.predictedReturn, upProbability: p.upProbability, sigma: p.sigma, recipe: p.recipe, trainedAt: p.trainedAt },
      });
      return true;
    } finally {
      disposeEnsemble(model);
    }
  }

  return withFailureMapping({
    /**
     * Copies the current champion aside before anything risky; null ids when there is none. A
     * corrupt champion does not block the retrain (registry.backupBeforeRetrain): the newest
     * intact version is restored and backed up, or, without one, the backup is skipped — both
     * recorded in the audit log.
     */
    async backupChampion({ symbol, reason }: { symbol: string; reason: string }): Promise<BackupResult> {
      const prepared = registry.backupBeforeRetrain(symbol, reason);
      if (prepared.repaired) Context.current().log.warn('corrupt champion replaced before retrain', { symbol, reason: prepared.repaired.reason });
      if (prepared.skipped) Context.current().log.warn('champion backup skipped', { symbol, reason: prepared.skipped });
      return { symbol, backupId: prepared.backup?.id ?? null, championVersion: prepared.championVersion };
    },

    /** Compensation: makes the backed-up version champion again (a no-op when it still is). */
    async restoreChampion({ symbol, backupId, reason }: RestoreInput): Promise<{ version: number; changed: boolean }> {
      const result = registry.restoreBackup(symbol, backupId, reason);
      return { version: result.version, changed: result.change.changed };
    },

    /**
     * The promotion gate: promote the challenger or keep the champion, and record why. Runs
     * under the symbol's registry lock (no restore or rollback interleaves) and keeps the
     * challenger when the champion is no longer the one it was compared against. Safe to
     * retry: an already applied decision is returned, not applied or recorded twice.
     */
    async promoteOrKeep({ symbol, challengerVersion, comparison, workflowId, comparedAgainst }: PromoteOrKeepInput): Promise<PromotionResult> {
      const c = comparison.challenger;
      let decision: PromotionDecision | null = null;
      const expected = comparedAgainst === undefined ? registry.getChampion(symbol)?.version ?? null : comparedAgainst;
      const outcome = registry.promoteChallenger(symbol, challengerVersion, expected, () => {
        decision = decidePromotion({
          challenger: {
            version: challengerVersion,
            loaded: comparison.challengerLoaded,
            predicted: comparison.challengerPredicted,
            error: comparison.challengerError,
            scores: c,
          },
          champion: expected !== null
            ? {
                version: expected,
                scores: comparison.champion,
                error: comparison.champion ? undefined : 'could not be loaded or scored',
              }
            : null,
          baseline: { mape: c.persistenceMape, directionAccuracy: c.baselineDirectionAccuracy },
          margin: deps.promotion.margin,
          checkBaseline: deps.promotion.checkBaseline,
        });
        return decision;
      });
      // A retried promotion (its completion lost after the decision was stored) records nothing new;
      // the registry's alreadyApplied cannot say that, as a crash may fall between the two writes.
      const recorded = workflowId
        && history.decisionHistory(symbol, { limit: 10 }).some((d) => d.workflowId === workflowId && d.challengerVersion === challengerVersion);
      if (!recorded) {
        const gate = decision as PromotionDecision | null;
        history.addDecision({
          symbol, challengerVersion, championVersion: outcome.change.from, promoted: outcome.promoted, reason: outcome.reason,
          details: gate ? { comparisons: gate.comparisons, margins: gate.margins } : { comparedAgainst: expected, superseded: outcome.superseded },
          workflowId: workflowId ?? null,
        });
      }
      return { symbol, promoted: outcome.promoted, reason: outcome.reason, championVersion: outcome.change.to };
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
