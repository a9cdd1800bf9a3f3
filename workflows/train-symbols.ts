import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { BatchRetrainResult, TrainSymbolsInput } from '../common/wire';
import { localOptions } from './activity-options';
import { failIfEveryRetrainFailed, retrainAsChildren } from './retrain-children';

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
