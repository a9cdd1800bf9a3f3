/**
 * scheduleInfo() for a real deployment: our schedules as Temporal describes them, through
 * client/ and schedules/, over the API's shared Temporal link (temporal-link.ts).
 */
import type { Client } from '@temporalio/client';
import { listSchedules, type ScheduleScope } from '../../schedules/index.js';
import type { TemporalLink } from './temporal-link.js';
import type { ScheduleInfo } from './types.js';

/** Our schedules as the dashboard shows them, described through the given client. */
export async function scheduleInfoFrom(client: Client, scope: ScheduleScope = {}): Promise<ScheduleInfo[]> {
  const listing = await listSchedules(client, scope);
  // Shown by their public id: a test's prefix (scope.idPrefix) is an implementation detail.
  return listing.schedules.map((s) => ({
    id: s.name,
    paused: s.paused,
    nextRunTimes: s.nextRunTimes.map((d) => d.toISOString()),
    ...(s.recentRuns.at(-1) ? { lastRun: s.recentRuns.at(-1)!.takenAt.toISOString() } : {}),
  }));
}

/** scheduleInfo() over a Temporal link. */
export function temporalScheduleSource(link: TemporalLink, scope: ScheduleScope = {}): () => Promise<ScheduleInfo[]> {
  return async () => scheduleInfoFrom(await link.client(), scope);
}
