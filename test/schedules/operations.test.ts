import { randomUUID } from 'node:crypto';
import { ScheduleNotFoundError } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import {
  applySchedules, deleteAllSchedules, deleteSchedule, describeSchedule, listSchedules, pauseSchedule,
  ScheduleNotAppliedError, triggerSchedule, UnknownScheduleError, unpauseSchedule, type ScheduleBuildOptions,
} from '../../schedules/index.js';
import { scaled } from '../helpers/timeouts.js';
import { defaultSchedules, eventually, schedulesSession } from './helpers.js';

const session = schedulesSession();
async function appliedScope(config = defaultSchedules()): Promise<ScheduleBuildOptions> {
  const scope = session.newScope();
  await applySchedules(session.client, config, scope);
  return scope;
}

describe('triggerSchedule', () => {
  // No worker polls these task queues, so a started run stays RUNNING until cleanup terminates it.
  it('starts the scheduled workflow now, with its type, input, task queue and schedule search attribute', async () => {
    const scope = await appliedScope();
    const result = await triggerSchedule(session.client, 'weekly-training', scope);
    expect(result).toEqual({ scheduleId: `${scope.idPrefix}weekly-training`, alreadyRunning: [] });

    const status = await eventually(() => describeSchedule(session.client, 'weekly-training', scope), (s) => s.recentRuns.length > 0);
    const run = status.recentRuns[0];
    expect(run?.workflowId).toMatch(new RegExp(`^${scope.idPrefix}smart-training-scheduled-\\d{4}-\\d\\d-\\d\\dT`));
    expect(status.runningWorkflowIds).toEqual([run?.workflowId]);

    const handle = session.client.workflow.getHandle(run!.workflowId);
    const execution = await handle.describe();
    expect(execution).toMatchObject({ type: 'smartTraining', taskQueue: scope.taskQueue, status: { name: 'RUNNING' } });
    const started = (await handle.fetchHistory()).events?.[0]?.workflowExecutionStartedEventAttributes;
    expect(started?.input?.payloads?.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([{ force: false }]);

    const listed = await eventually(async () => {
      const ids: string[] = [];
      for await (const wf of session.client.workflow.list({ query: `TemporalScheduledById = '${scope.idPrefix}weekly-training'` })) ids.push(wf.workflowId);
      return ids;
    }, (ids) => ids.length > 0);
    expect(listed).toEqual([run?.workflowId]);
  });

  it('does not start a second run while the first is still running (overlap SKIP)', async () => {
    const scope = await appliedScope();
    await triggerSchedule(session.client, 'monitoring', scope);
    const status = await eventually(() => describeSchedule(session.client, 'monitoring', scope), (s) => s.runningWorkflowIds.length > 0);
    const [first] = status.runningWorkflowIds;
    expect(status.recentRuns.map((r) => r.workflowId)).toEqual([first]);

    // Both triggers reach the server while the first run is running: the schedule's overlap
    // policy skips them, and the server counts each skip (no fixed wait for "nothing happened").
    expect(await triggerSchedule(session.client, 'monitoring', scope)).toMatchObject({ alreadyRunning: [first] });
    expect(await triggerSchedule(session.client, 'monitoring', scope)).toMatchObject({ alreadyRunning: [first] });
    const after = await eventually(() => describeSchedule(session.client, 'monitoring', scope), (s) => s.skippedForOverlap >= 2);
    expect(after.recentRuns.map((r) => r.workflowId)).toEqual([first]);
    expect(after.runningWorkflowIds).toEqual([first]);
    expect(after.actionsTaken).toBe(1);
  });
});

describe('pause and unpause', () => {
  it('show the paused state and the operator note', async () => {
    const scope = await appliedScope();
    await pauseSchedule(session.client, 'daily-cleanup', 'disk migration until Friday', scope);
    expect(await describeSchedule(session.client, 'daily-cleanup', scope)).toMatchObject({ paused: true, note: 'disk migration until Friday' });
    const listing = await listSchedules(session.client, scope);
    expect(listing.schedules.filter((s) => s.paused).map((s) => s.name)).toEqual(['daily-cleanup']);

    await unpauseSchedule(session.client, 'daily-cleanup', 'migration done', scope);
    expect(await describeSchedule(session.client, 'daily-cleanup', scope)).toMatchObject({ paused: false, note: 'migration done' });
  });

  it('a paused schedule takes no action at a time when the same schedule unpaused does', async () => {
    // Both fire at a whole minute UTC; the unpaused twin proves the time came. The minute is
    // checked against the server's own next run time, so a slow apply only moves it on.
    const config = (hhmm: string, paused: boolean) => ({ ...defaultSchedules(), timeZone: 'UTC', dailyCleanup: { times: [hhmm], paused } });
    let twins: { paused: ScheduleBuildOptions; running: ScheduleBuildOptions } | undefined;
    for (let attempt = 1; !twins; attempt++) {
      const due = Math.ceil((Date.now() + scaled(5_000)) / 60_000) * 60_000;
      const hhmm = new Date(due).toISOString().slice(11, 16);
      const running = await appliedScope(config(hhmm, false));
      const paused = await appliedScope(config(hhmm, true));
      const next = (await describeSchedule(session.client, 'daily-cleanup', running)).nextRunTimes[0]?.getTime();
      // Still ahead once both exist (else the minute passed while applying: try the next one).
      if (next === due && Date.now() < due - 1_000) twins = { paused, running };
      else if (attempt >= 5) throw new Error(`could not apply both schedules before a whole minute (${attempt} attempts)`);
    }

    await eventually(() => describeSchedule(session.client, 'daily-cleanup', twins!.running), (s) => s.actionsTaken > 0, 100_000);
    const status = await describeSchedule(session.client, 'daily-cleanup', twins.paused);
    expect(status).toMatchObject({ paused: true, actionsTaken: 0, recentRuns: [], runningWorkflowIds: [] });
  }, scaled(200_000));
});

describe('deleting and unknown ids', () => {
  it('deletes one schedule, then the rest', async () => {
    const scope = await appliedScope();
    await deleteSchedule(session.client, 'monitoring', scope);
    const err = await describeSchedule(session.client, 'monitoring', scope).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScheduleNotAppliedError);
    expect((err as Error).message).toBe(`schedule "${scope.idPrefix}monitoring" does not exist on the Temporal server; create it with \`stockflow schedules apply\``);
    expect((err as Error).cause).toBeInstanceOf(ScheduleNotFoundError);
    expect((await listSchedules(session.client, scope)).missing).toEqual(['monitoring']);

    expect(await deleteAllSchedules(session.client, scope)).toEqual({
      'weekly-training': 'deleted', monitoring: 'absent', 'monthly-comprehensive': 'deleted', 'daily-cleanup': 'deleted',
    });
    expect((await listSchedules(session.client, scope)).schedules).toEqual([]);
  });

  it('refuses an unknown id naming the known ones, and names the missing schedule for every operation', async () => {
    for (const op of [
      () => describeSchedule(session.client, 'weekly'),
      () => pauseSchedule(session.client, 'cron', 'x'),
      () => triggerSchedule(session.client, 'daily_cleanup'),
      () => deleteSchedule(session.client, 'everything'),
    ]) {
      await expect(op()).rejects.toThrow(UnknownScheduleError);
      await expect(op()).rejects.toThrow(/the known schedules are weekly-training, monitoring, monthly-comprehensive, daily-cleanup/);
    }
    const scope = { idPrefix: `never-applied-${randomUUID().slice(0, 8)}-` };
    await expect(triggerSchedule(session.client, 'weekly-training', scope)).rejects.toThrow(ScheduleNotAppliedError);
    await expect(pauseSchedule(session.client, 'monitoring', 'x', scope)).rejects.toThrow(ScheduleNotAppliedError);
    await expect(unpauseSchedule(session.client, 'monitoring', 'x', scope)).rejects.toThrow(ScheduleNotAppliedError);
    await expect(deleteSchedule(session.client, 'daily-cleanup', scope)).rejects.toThrow(ScheduleNotAppliedError);
  });
});
