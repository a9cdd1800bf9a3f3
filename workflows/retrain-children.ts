import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { rootCause, startChild } from '@temporalio/workflow';
import { workflowIds } from '../common/constants.js';
import { retrainStartOptions } from '../common/search-attributes.js';
import type { BatchRetrainResult, RetrainOutcomeSummary, RetrainRequestOutcome, RetrainSymbolInput, RetrainSymbolResult } from '../common/wire/index.js';
import { mapWithConcurrency } from './concurrency.js';
import { retrainSymbol } from './retrain-symbol.js';
import { failIfEverySymbolFailed, memoSymbolFailures, type SymbolFailure } from './symbol-failures.js';

/**
 * Runs `retrainSymbol` as child workflows (id `retrain-SYMBOL`) with at most `concurrency` at
 * once. A symbol whose retrain is already running is reported, not run twice; one symbol's
 * failure does not stop the others. The failed count and symbols go into the run's memo.
 */
export async function retrainAsChildren(requests: RetrainSymbolInput[], concurrency: number): Promise<BatchRetrainResult> {
  const outcomes = await mapWithConcurrency(requests, concurrency, async (request): Promise<RetrainRequestOutcome> => {
    let handle;
    try {
      handle = await startChild(retrainSymbol, { workflowId: workflowIds.retrainSymbol(request.symbol), args: [request], ...retrainStartOptions(request) });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return { symbol: request.symbol, status: 'already-running' };
      throw err;
    }
    try {
      return { symbol: request.symbol, status: 'done', result: outcomeSummary(await handle.result()) };
    } catch (err) {
      const cause = rootCause(err) ?? (err instanceof Error ? err.message : String(err));
      return { symbol: request.symbol, status: 'failed', error: cause };
    }
  });
  const batch = summarize(outcomes);
  memoSymbolFailures('retrain', batch.requested, retrainFailures(batch));
  return batch;
}

/** What the batch keeps of a child's result (the full one stays in the child's history). */
export function outcomeSummary(r: RetrainSymbolResult): RetrainOutcomeSummary {
  const c = r.challenger;
  return {
    symbol: r.symbol, reason: r.reason, quick: r.quick, challengerVersion: r.challengerVersion, championBefore: r.championBefore,
    championAfter: r.championAfter, promoted: r.promoted, decision: r.decision, trainingMs: r.trainingMs, backend: r.backend,
    challenger: {
      n: c.n, directionAccuracy: c.directionAccuracy, directionCi: c.directionCi, baselineDirectionAccuracy: c.baselineDirectionAccuracy,
      mape: c.mape, persistenceMape: c.persistenceMape, ece: c.ece, ...(c.intervals ? { intervals: c.intervals } : {}),
    },
    champion: r.champion ? { n: r.champion.n, directionAccuracy: r.champion.directionAccuracy, mape: r.champion.mape } : null,
  };
}

/** trainSymbols / smartTraining: a batch in which every retrain failed fails the workflow. */
export function failIfEveryRetrainFailed(what: string, batch: BatchRetrainResult): void {
  failIfEverySymbolFailed(what, batch.requested, retrainFailures(batch), batch);
}

function retrainFailures(batch: BatchRetrainResult): SymbolFailure[] {
  return batch.outcomes.flatMap((o) => (o.status === 'failed' ? [{ symbol: o.symbol, error: o.error ?? 'unknown error' }] : []));
}

export function summarize(outcomes: RetrainRequestOutcome[]): BatchRetrainResult {
  const done = outcomes.filter((o) => o.status === 'done');
  return {
    requested: outcomes.length,
    promoted: done.filter((o) => o.result?.promoted).length,
    kept: done.filter((o) => !o.result?.promoted).length,
    failed: outcomes.filter((o) => o.status === 'failed').length,
    alreadyRunning: outcomes.filter((o) => o.status === 'already-running').length,
    outcomes,
  };
}
