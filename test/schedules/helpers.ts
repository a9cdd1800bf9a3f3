import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { configSchema, DEFAULT_CONFIG } from '../../config/index.js';
import { deleteAllSchedules, listSchedules, type ScheduleBuildOptions, type SchedulesConfig } from '../../schedules/index.js';
import { eventually as pollUntil } from '../helpers/eventually.js';
import { testClient } from '../helpers/temporal.js';
import { scaled } from '../helpers/timeouts.js';

/** The default `schedules` section, parsed like a real config file would be. */
export function defaultSchedules(): SchedulesConfig {
  return configSchema.parse(DEFAULT_CONFIG).schedules;
}

/** A schedule-id prefix and task queue no other test uses (they share one dev server). */
export function uniqueScope(): Required<ScheduleBuildOptions> {
  const tag = randomUUID().slice(0, 8);
  return { idPrefix: `t${tag}-`, taskQueue: `test-schedules-${tag}` };
}

export interface SchedulesSession {
  /** A client on the shared test dev server (valid inside tests). */
  readonly client: Client;
  /** A fresh scope whose schedules and runs are removed after the current test. */
  newScope(): Required<ScheduleBuildOptions>;
}

/** Registers the hooks of a schedules test file: one client, and per-test cleanup of its scopes. */
export function schedulesSession(): SchedulesSession {
  let client: Client | undefined;
  const scopes: ScheduleBuildOptions[] = [];
  beforeAll(async () => {
    client = await testClient();
  });
  afterEach(async () => {
    for (const scope of scopes.splice(0)) await removeScope(client!, scope);
  });
  afterAll(async () => {
    await client?.connection.close();
  });
  return {
    get client() {
      if (!client) throw new Error('schedulesSession().client is only available inside tests');
      return client;
    },
    newScope() {
      const scope = uniqueScope();
      scopes.push(scope);
      return scope;
    },
  };
}

/** Terminates every run the scope's schedules started (no worker ever runs them), then deletes the schedules. */
export async function removeScope(client: Client, scope: ScheduleBuildOptions): Promise<void> {
  const { schedules } = await listSchedules(client, scope);
  for (const s of schedules) {
    for (const run of s.recentRuns) {
      try {
        await client.workflow.getHandle(run.workflowId).terminate('test cleanup');
      } catch (err) {
        // Already terminated, or the id belongs to a run that finished: nothing to clean.
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      }
    }
  }
  await deleteAllSchedules(client, scope);
}

/**
 * Polls `probe` until it returns a value `done` accepts, or fails after `timeoutMs` (scaled by
 * STOCKFLOW_TEST_TIMEOUT_SCALE; default 15 s before scaling).
 */
export async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  return pollUntil(probe, done, { timeoutMs: scaled(timeoutMs) });
}

const weekdayFormat = new Map<string, Intl.DateTimeFormat>();
/** `{ weekday: 'SUNDAY', time: '02:00', date: '2027-03-07' }` of an instant in a zone. */
export function localTime(instant: Date, timeZone: string): { weekday: string; time: string; date: string; day: number } {
  let format = weekdayFormat.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', weekday: 'long', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
    });
    weekdayFormat.set(timeZone, format);
  }
  const p = Object.fromEntries(format.formatToParts(instant).map((x) => [x.type, x.value]));
  return { weekday: String(p.weekday).toUpperCase(), time: `${p.hour}:${p.minute}`, date: `${p.year}-${p.month}-${p.day}`, day: Number(p.day) };
}
