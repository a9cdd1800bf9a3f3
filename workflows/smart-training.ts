import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { SmartTrainingInput, SmartTrainingResult } from '../common/wire';
import { localOptions } from './activity-options';
import { retrainAsChildren } from './retrain-children';

const { pipelineSettings, findDueSymbols } = proxyActivities<Activities>(localOptions);

/**
 * Weekly: retrain only what is due — no model, older than the age limit, or below a
 * performance threshold; `force` retrains everything.
 */
export async function smartTraining(input: SmartTrainingInput = {}): Promise<SmartTrainingResult> {
  const settings = await pipelineSettings();
  const due = await findDueSymbols({ force: input.force ?? false });
  const dueSymbols = new Set(due.map((d) => d.symbol));
  const batch = await retrainAsChildren(
    due.map((d) => ({ symbol: d.symbol, reason: `scheduled: ${d.reasons.join('; ')}` })),
    settings.retrainConcurrency,
  );
  return { ...batch, due, notDue: settings.symbols.filter((s) => !dueSymbols.has(s)) };
}
