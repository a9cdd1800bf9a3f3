import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { CleanupResult } from '../common/wire/index.js';
import { localOptions } from './activity-options.js';

const { cleanup } = proxyActivities<Activities>({ ...localOptions, startToCloseTimeout: '10 minutes' });

/** Every day: old logs, temporary files, model versions beyond retention, old reports. */
export async function dailyCleanup(): Promise<CleanupResult> {
  return cleanup();
}
