import { randomUUID } from 'node:crypto';
import { ScheduleNotFoundError, type Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  applySchedules, deleteAllSchedules, deleteSchedule, describeSchedule, listSchedules, pauseSchedule,
  ScheduleNotAppliedError, triggerSchedule, UnknownScheduleError, unpauseSchedule, type ScheduleBuildOptions,
} from '../../schedules';
import { testClient } from '../helpers/temporal';
import { defaultSchedules, eventually, removeScope, uniqueScope } from './helpers';

let client: Client;
beforeAll(async () => {
  client = await testClient();
});
afterAll(async () => {
  await client.connection.close();
});
const scopes: ScheduleBuildOptions[] = [];
async function appliedScope(config = defaultSchedules()): Promise<ScheduleBuildOptions> {
  const scope = uniqueScope();
  scopes.push(scope);
  await applySchedules(client, config, scope);
  return scope;
}
afterEach(async () => {
  for (const scope of scopes.splice(0)) await removeScope(client, scope);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('triggerSchedule', () => {
  // No worker polls these task queues, so a started run stays RUNNING until cleanup terminates it.
  it('starts the scheduled workflow now, with its type, input, task queue and schedule search attribute', async () => {
    const scope = await appliedScope();
    const result = await triggerSchedule(client, 'weekly-training', scope);
    expect(result).toEqual({ scheduleId: `${scope.idPrefix}weekly-training`, alreadyRunning: [] });

    const status = await eventually(() => describeSchedule(client, 'weekly-training', scope), (s) => s.recentRuns.length > 0);
    const run = status.recentRuns[0];
    expect(run.workflowId).toMatch(new RegExp(`^${scope.idPrefix}smart-training-scheduled-\\d{4}-\\d\\d-\\d\\dT`));
    expect(status.runningWorkflowIds).toEqual([run.workflowId]);

    const handle = client.workflow.getHandle(run.workflowId);
    const execution = await handle.describe();
    expect(execution).toMatchObject({ type: 'smartTraining', taskQueue: scope.taskQueue, status: { name: 'RUNNING' } });
    const started = (await handle.fetchHistory()).events?.[0].workflowExecutionStartedEventAttributes;
    expect(started?.input?.payloads?.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([{ force: false }]);

    const listed = await eventually(async () => {
      const ids: string[] = [];
      for await (const wf of client.workflow.list({ query: `TemporalScheduledById = '${scope.idPrefix}weekly-training'` })) ids.push(wf.workflowId);
      return ids;
    }, (ids) => ids.length > 0);
    expect(listed).toEqual([run.workflowId]);
  });

  it('does not start a second run while the first is still running (overlap SKIP)', async () => {
    const scope = await appliedScope();
    await triggerSchedule(client, 'monitoring', scope);
    await triggerSchedule(client, 'monitoring', scope);
    const status = await eventually(() => describeSchedule(client, 'monitoring', scope), (s) => s.recentRuns.length > 0);
    const [first] = status.recentRuns.map((r) => r.workflowId);
    expect(status.runningWorkflowIds).toEqual([first]);

    // Scheduled workflow ids end in the time to the second, so two starts in one second would
    // collide anyway: trigger again in a later second, when only the overlap policy stops it.
    await sleep(1_100);
    expect(await triggerSchedule(client, 'monitoring', scope)).toMatchObject({ alreadyRunning: [first] });
    await sleep(2_000);
    const after = await describeSchedule(client, 'monitoring', scope);
    expect(after.recentRuns.map((r) => r.workflowId)).toEqual([first]);
    expect(after.runningWorkflowIds).toEqual([first]);
    expect(after.actionsTaken).toBe(1);
  });
});

describe('pause and unpause', () => {
  it('show the paused state and the operator note', async () => {
    const scope = await appliedScope();
    await pauseSchedule(client, 'daily-cleanup', 'disk migration until Friday', scope);
    expect(await describeSchedule(client, 'daily-cleanup', scope)).toMatchObject({ paused: true, note: 'disk migration until Friday' });
    const listing = await listSchedules(client, scope);
    expect(listing.schedules.filter((s) => s.paused).map((s) => s.name)).toEqual(['daily-cleanup']);

    await unpauseSchedule(client, 'daily-cleanup', 'migration done', scope);
    expect(await describeSchedule(client, 'daily-cleanup', scope)).toMatchObject({ paused: false, note: 'migration done' });
  });

  it('a paused schedule takes no action at a time when the same schedule unpaused does', async () => {
    // Both fire at the next whole minute UTC (at least 10 s away); the unpaused twin proves the time came.
    let due = Math.ceil((Date.now() + 1) / 60_000) * 60_000;
    if (due - Date.now() < 10_000) due += 60_000;
    const hhmm = new Date(due).toISOString().slice(11, 16);
    const config = (paused: boolean) => ({ ...defaultSchedules(), timeZone: 'UTC', dailyCleanup: { times: [hhmm], paused } });
    const paused = await appliedScope(config(true));
    const running = await appliedScope(config(false));

    await eventually(() => describeSchedule(client, 'daily-cleanup', running), (s) => s.actionsTaken > 0, 100_000);
    const status = await describeSchedule(client, 'daily-cleanup', paused);
    expect(status).toMatchObject({ paused: true, actionsTaken: 0, recentRuns: [], runningWorkflowIds: [] });
  }, 150_000);
});

describe('deleting and unknown ids', () => {
  it('deletes one schedule, then the rest', async () => {
    const scope = await appliedScope();
    await deleteSchedule(client, 'monitoring', scope);
    const err = await describeSchedule(client, 'monitoring', scope).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScheduleNotAppliedError);
    expect((err as Error).message).toBe(`schedule "${scope.idPrefix}monitoring" does not exist on the Temporal server; create it with \`stockflow schedules apply\``);
    expect((err as Error).cause).toBeInstanceOf(ScheduleNotFoundError);
    expect((await listSchedules(client, scope)).missing).toEqual(['monitoring']);

    expect(await deleteAllSchedules(client, scope)).toEqual({
      'weekly-training': 'deleted', monitoring: 'absent', 'monthly-comprehensive': 'deleted', 'daily-cleanup': 'deleted',
    });
    expect((await listSchedules(client, scope)).schedules).toEqual([]);
  });

  it('refuses an unknown id naming the known ones, and names the missing schedule for every operation', async () => {
    for (const op of [
      () => describeSchedule(client, 'weekly'),
      () => pauseSchedule(client, 'cron', 'x'),
      () => triggerSchedule(client, 'daily_cleanup'),
      () => deleteSchedule(client, 'everything'),
    ]) {
      await expect(op()).rejects.toThrow(UnknownScheduleError);
      await expect(op()).rejects.toThrow(/the known schedules are weekly-training, monitoring, monthly-comprehensive, daily-cleanup/);
    }
    const scope = { idPrefix: `never-applied-${randomUUID().slice(0, 8)}-` };
    await expect(triggerSchedule(client, 'weekly-training', scope)).rejects.toThrow(ScheduleNotAppliedError);
    await expect(pauseSchedule(client, 'monitoring', 'x', scope)).rejects.toThrow(ScheduleNotAppliedError);
    await expect(unpauseSchedule(client, 'monitoring', 'x', scope)).rejects.toThrow(ScheduleNotAppliedError);
    await expect(deleteSchedule(client, 'daily-cleanup', scope)).rejects.toThrow(ScheduleNotAppliedError);
  });
});
