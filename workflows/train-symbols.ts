import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { BatchRetrainResult, TrainSymbolsInput } from '../common/wire/index.js';
import { localOptions } from './activity-options.js';
import { failIfEveryRetrainFailed, retrainAsChildren } from './retrain-children.js';

const { pipelineSettings } = proxyActivities<Activities>(localOptions);

/**
 * The batch behind `train`, `quick-train` and `train-all`: retrain the given symbols (or all).
 * Fails (`AllSymbolsFailed`) when every retrain failed; the memo shows the failed count.
 */
export async function trainSymbols(input: TrainSymbolsInput = {}): Promise<BatchRetrainResult> {
  const settings = await pipelineSettings();
  const symbols = input.symbols ?? settings.symbols;
  const reason = input.quick ? 'manual quick train' : 'manual train';
  const batch = await retrainAsChildren(
    symbols.map((symbol) => ({ symbol, reason, quick: input.quick ?? false, force: input.force ?? false })),
    settings.retrainConcurrency,
  );
  failIfEveryRetrainFailed('trainSymbols', batch);
  return batch;
}
