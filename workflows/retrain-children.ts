import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { rootCause, startChild } from '@temporalio/workflow';
import { workflowIds } from '../common/constants';
import type { BatchRetrainResult, RetrainRequestOutcome, RetrainSymbolInput } from '../common/wire';
import { mapWithConcurrency } from './concurrency';
import { retrainSymbol } from './retrain-symbol';

/**
 * Runs `retrainSymbol` as child workflows (id `retrain-SYMBOL`) with at most `concurrency` at
 * once. A symbol whose retrain is already running is reported, not run twice; one symbol's
 * failure does not stop the others.
 */
export async function retrainAsChildren(requests: RetrainSymbolInput[], concurrency: number): Promise<BatchRetrainResult> {
  const outcomes = await mapWithConcurrency(requests, concurrency, async (request): Promise<RetrainRequestOutcome> => {
    let handle;
    try {
      handle = await startChild(retrainSymbol, { workflowId: workflowIds.retrainSymbol(request.symbol), args: [request] });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return { symbol: request.symbol, status: 'already-running' };
      throw err;
    }
    try {
      return { symbol: request.symbol, status: 'done', result: await handle.result() };
    } catch (err) {
      const cause = rootCause(err) ?? (err instanceof Error ? err.message : String(err));
      return { symbol: request.symbol, status: 'failed', error: cause };
    }
  });
  return summarize(outcomes);
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
