import {
  CancellationScope, defineQuery, log, proxyActivities, rootCause, setHandler, sleep, upsertMemo, workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { trainingQueueFor } from '../common/constants.js';
import type { RetrainOutcomeMemo } from '../common/search-attributes.js';
import type { RetrainAttemptOutcomeInput, RetrainStatus, RetrainSymbolInput, RetrainSymbolResult } from '../common/wire/index.js';
import { evaluationOptions, fetchOptions, localOptions, trainingOptions } from './activity-options.js';

export const retrainStatusQuery = defineQuery<RetrainStatus>('retrainStatus');

/**
 * Retrains one symbol: wait for the market close (when configured) → refresh prices →
 * back up the champion → train a challenger → compare both on the same held-out days →
 * promote or keep → record. The workflow id is `retrain-SYMBOL`, so at most one runs per
 * symbol. A failure after the backup leaves the champion as it was: if the pointer had
 * already moved, the backup is restored (compensations run in reverse order, uncancellable).
 * It starts with the `Symbol` search attribute and its reason in the memo
 * (common/search-attributes.ts) and ends by adding its outcome to the memo: promoted, kept
 * or failed, with the decision or the root cause — what the Temporal UI lists per symbol.
 */
export async function retrainSymbol(input: RetrainSymbolInput): Promise<RetrainSymbolResult> {
  try {
    const result = await retrain(input);
    memoOutcome({
      outcome: result.promoted ? 'promoted' : 'kept', detail: result.decision,
      challengerVersion: result.challengerVersion, championAfter: result.championAfter,
    });
    return result;
  } catch (err) {
    memoOutcome({ outcome: 'failed', detail: rootCause(err) || (err instanceof Error ? err.message : String(err)) });
    throw err;
  }
}

function memoOutcome(memo: RetrainOutcomeMemo): void {
  upsertMemo({ ...memo });
}

async function retrain(input: RetrainSymbolInput): Promise<RetrainSymbolResult> {
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
  const prices = await fetchPrices({ symbol });
  // The retrain policy's memory: this attempt, the data it trains on, and (below) its outcome.
  const attempt = { symbol, workflowId: info.workflowId, runId: info.runId };
  await local.recordRetrainStarted({ ...attempt, reason, lastBar: prices.lastDate });

  const compensations: Array<() => Promise<unknown>> = [];
  try {
    status.stage = 'backing-up';
    const backup = await local.backupChampion({ symbol, reason: `before retrain (${reason})` });
    status.stage = 'training';
    const trained = await trainChallenger({ symbol, quick, seed: settings.seed, reason, pricesThrough: prices.lastDate });
    status.challengerVersion = trained.version;

    status.stage = 'evaluating';
    const comparison = await compareWithChampion({
      symbol, challengerVersion: trained.version, championVersion: backup.championVersion, challengerHoldout: trained.holdout, pricesThrough: prices.lastDate,
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
    await local.recordRetrainOutcome({ ...attempt, outcome: result.promoted ? 'promoted' : 'kept', detail: result.decision });
    status.stage = 'done';
    return result;
  } catch (err) {
    status.stage = 'compensating';
    status.error = err instanceof Error ? err.message : String(err);
    await CancellationScope.nonCancellable(async () => {
      for (const compensate of compensations) await compensate();
      await recordFailedAttempt(local, { ...attempt, outcome: 'failed', detail: rootCause(err) || status.error || 'unknown error' });
    });
    status.stage = 'failed';
    throw err;
  }
}

/** Records the failed outcome without hiding the retrain's own error if the history is unwritable too. */
async function recordFailedAttempt(local: Pick<Activities, 'recordRetrainOutcome'>, outcome: RetrainAttemptOutcomeInput): Promise<void> {
  try {
    await local.recordRetrainOutcome(outcome);
  } catch (err) {
    log.error('could not record the failed retrain attempt', { ...outcome, error: err instanceof Error ? err.message : String(err) });
  }
}
