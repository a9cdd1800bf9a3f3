import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { SmartTrainingInput, SmartTrainingResult } from '../common/wire/index.js';
import { localOptions } from './activity-options.js';
import { refreshSymbols } from './refresh-prices.js';
import { failIfEveryRetrainFailed, retrainAsChildren } from './retrain-children.js';

const { pipelineSettings, findDueSymbols } = proxyActivities<Activities>(localOptions);

/**
 * Weekly: refresh prices, then retrain only what is due — no model, older than the age limit, or below a
 * performance threshold — and what the retrain policy allows (not in its cooldown, new data
 * since the last attempt, not no-skill); `force` retrains everything. Fails
 * (`AllSymbolsFailed`) when every retrain failed; the memo shows the failed count.
 */
export async function smartTraining(input: SmartTrainingInput = {}): Promise<SmartTrainingResult> {
  const settings = await pipelineSettings();
  // The policy and the live scores judge the price cache: bring it up to date first (failures are in the memo).
  await refreshSymbols(settings.symbols, 'if-new-data');
  const { due, refused } = await findDueSymbols({ force: input.force ?? false });
  const dueSymbols = new Set(due.map((d) => d.symbol));
  const batch = await retrainAsChildren(
    due.map((d) => ({ symbol: d.symbol, reason: `scheduled: ${d.reasons.join('; ')}` })),
    settings.retrainConcurrency,
  );
  failIfEveryRetrainFailed('smartTraining', batch);
  return { ...batch, due, notDue: settings.symbols.filter((s) => !dueSymbols.has(s)), retrainsRefused: refused };
}
