import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { MonthlyComprehensiveResult } from '../common/wire/index.js';
import { localOptions } from './activity-options.js';
import { retrainAsChildren } from './retrain-children.js';

const { pipelineSettings, marketClock, writeReport } = proxyActivities<Activities>(localOptions);

/** 1st of the month: force-retrain every symbol, then a comprehensive report (old vs new, baselines, decisions). */
export async function monthlyComprehensive(): Promise<MonthlyComprehensiveResult> {
  const settings = await pipelineSettings();
  const { now } = await marketClock();
  const retrains = await retrainAsChildren(
    settings.symbols.map((symbol) => ({ symbol, reason: 'monthly comprehensive retrain' })),
    settings.retrainConcurrency,
  );
  const report = await writeReport({ kind: 'monthly', title: `Monthly comprehensive report ${now.slice(0, 7)}`, retrains });
  return { retrains, report };
}
