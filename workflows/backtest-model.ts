import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { trainingQueueFor } from '../common/constants.js';
import type { BacktestInput, BacktestResult } from '../common/wire/index.js';
import { evaluationOptions } from './activity-options.js';

/** `stockflow evaluate`: re-evaluates a saved model on any source and date range. */
export async function backtestModel(input: BacktestInput): Promise<BacktestResult> {
  const { backtestModel: run } = proxyActivities<Activities>(evaluationOptions(trainingQueueFor(workflowInfo().taskQueue)));
  return run(input);
}
