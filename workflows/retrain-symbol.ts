import {
  CancellationScope, defineQuery, proxyActivities, setHandler, sleep, workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { trainingQueueFor } from '../common/constants';
import type { RetrainStatus, RetrainSymbolInput, RetrainSymbolResult } from '../common/wire';
import { evaluationOptions, fetchOptions, localOptions, trainingOptions } from './activity-options';

export const retrainStatusQuery = defineQuery<RetrainStatus>('retrainStatus');

/**
 * Retrains one symbol: wait for the market close (when configured) → refresh prices →
 * back up the champion → train a challenger → compare both on the same held-out days →
 * promote or keep → record. The workflow id is `retrain-SYMBOL`, so at most one runs per
 * symbol. A failure after the backup leaves the champion as it was: if the pointer had
 * already moved, the backup is restored (compensations run in reverse order, uncancellable).
 */
export async function retrainSymbol(input: RetrainSymbolInput): Promise<RetrainSymbolResult> {
  const { symbol, reason } = input;
  const info = workflowInfo();
  const trainingQueue = trainingQueueFor(info.taskQueue);
  const local = proxyActivities<Activities>(localOptions);
  const { fetchPrices } = proxyActivities<Activities>(fetchOptions);
  const { trainChallenger } = proxyActivities<Activities>(trainingOptions(trainingQueue));
  const { compareWithChampion } = proxyActivities<Activities>(evaluationOptions(trainingQueue));

  const settings = await local.pipelineSettings();
  const quick = input.quick ?? false;
  const status: RetrainStatus = { symbol, stage: 'starting', reason, quick };
  setHandler(retrainStatusQuery, () => status);

  let waitedForMarketCloseMs = 0;
  if (settings.avoidMarketHours && !input.force) {
    const clock = await local.marketClock();
    if (clock.marketOpen && clock.msUntilClose > 0) {
      waitedForMarketCloseMs = clock.msUntilClose + settings.afterCloseDelayMs;
      status.stage = 'waiting-for-market-close';
      status.waitingUntil = new Date(Date.parse(clock.now) + waitedForMarketCloseMs).toISOString();
      await sleep(waitedForMarketCloseMs);
      status.waitingUntil = undefined;
    }
  }

  status.stage = 'refreshing-prices';
  await fetchPrices({ symbol });

  status.stage = 'backing-up';
  const backup = await local.backupChampion({ symbol, reason: `before retrain (${reason})` });
  const compensations: Array<() => Promise<unknown>> = [];
  try {
    status.stage = 'training';
    const trained = await trainChallenger({ symbol, quick, seed: settings.seed, reason });
    status.challengerVersion = trained.version;

    status.stage = 'evaluating';
    const comparison = await compareWithChampion({
      symbol, challengerVersion: trained.version, championVersion: backup.championVersion, challengerHoldout: trained.holdout,
    });

    status.stage = 'deciding';
    if (backup.backupId) {
      const backupId = backup.backupId;
      compensations.unshift(() => local.restoreChampion({ symbol, backupId, reason: `retrain ${info.workflowId} failed` }));
    }
    // comparedAgainst: a champion changed meanwhile (manual restore) is not overridden.
    const decision = await local.promoteOrKeep({
      symbol, challengerVersion: trained.version, comparison, workflowId: info.workflowId, comparedAgainst: backup.championVersion,
    });

    const result: RetrainSymbolResult = {
      symbol, reason, quick,
      challengerVersion: trained.version,
      championBefore: backup.championVersion,
      championAfter: decision.championVersion,
      promoted: decision.promoted,
      decision: decision.reason,
      backupId: backup.backupId,
      challenger: comparison.challenger,
      champion: comparison.champion,
      waitedForMarketCloseMs,
      trainingMs: trained.durationMs,
      backend: trained.backend,
    };
    status.stage = 'recording';
    await local.recordRetrain({ result, workflowId: info.workflowId, runId: info.runId });
    status.stage = 'done';
    return result;
  } catch (err) {
    status.stage = 'compensating';
    status.error = err instanceof Error ? err.message : String(err);
    await CancellationScope.nonCancellable(async () => {
      for (const compensate of compensations) await compensate();
    });
    status.stage = 'failed';
    throw err;
  }
}
