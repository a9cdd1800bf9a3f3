/**
 * scheduleInfo() for a real deployment: our schedules as Temporal describes them, through
 * client/ and schedules/. The connection is made on first use (the API starts, and serves
 * forecasts, whether or not Temporal is up) and retried on the next call after a failure.
 */
import type { Client } from '@temporalio/client';
import { connectClient } from '../../client/index.js';
import type { TemporalConnectionOptions } from '../../client/target/index.js';
import { listSchedules } from '../../schedules/index.js';
import type { ScheduleInfo } from './types.js';

export interface TemporalScheduleSource {
  scheduleInfo: () => Promise<ScheduleInfo[]>;
  close(): Promise<void>;
}

/** Our schedules as the dashboard shows them, described through the given client. */
export async function scheduleInfoFrom(client: Client): Promise<ScheduleInfo[]> {
  const listing = await listSchedules(client);
  return listing.schedules.map((s) => ({
    id: s.name,
    paused: s.paused,
    nextRunTimes: s.nextRunTimes.map((d) => d.toISOString()),
    ...(s.recentRuns.at(-1) ? { lastRun: s.recentRuns.at(-1)!.takenAt.toISOString() } : {}),
  }));
}

export function temporalScheduleSource(target: TemporalConnectionOptions): TemporalScheduleSource {
  let client: Promise<Client> | null = null;
  const connected = () => {
    client ??= connectClient(target).catch((err: unknown) => {
      client = null;
      throw err;
    });
    return client;
  };
  return {
    scheduleInfo: async () => scheduleInfoFrom(await connected()),
    async close() {
      const c = client;
      client = null;
      if (c) await c.then((x) => x.connection.close(), () => undefined);
    },
  };
}
