import { describe, expect, it } from 'vitest';
import { applySchedules, describeSchedule, listSchedules, pauseSchedule, SCHEDULE_NAMES } from '../../schedules/index.js';
import { defaultSchedules, eventually, schedulesSession } from './helpers.js';

const session = schedulesSession();

/** Ids of all schedules on the server with this prefix (the server's list is eventually consistent). */
async function serverScheduleIds(prefix: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const s of session.client.schedule.list()) if (s.scheduleId.startsWith(prefix)) ids.push(s.scheduleId);
  return ids.sort();
}

describe('applySchedules', () => {
  it('creates four schedules, and applying again updates them instead of adding four more', async () => {
    const scope = session.newScope();
    const first = await applySchedules(session.client, defaultSchedules(), scope);
    expect(first.outcomes).toEqual({
      'weekly-training': 'created', monitoring: 'created', 'monthly-comprehensive': 'created', 'daily-cleanup': 'created',
    });
    const second = await applySchedules(session.client, defaultSchedules(), scope);
    expect(Object.values(second.outcomes)).toEqual(['updated', 'updated', 'updated', 'updated']);

    const expected = SCHEDULE_NAMES.map((n) => `${scope.idPrefix}${n}`).sort();
    expect(await eventually(() => serverScheduleIds(scope.idPrefix!), (ids) => ids.length >= 4)).toEqual(expected);
    const listing = await listSchedules(session.client, scope);
    expect(listing.missing).toEqual([]);
    expect(listing.schedules.map((s) => [s.scheduleId, s.workflowType, s.taskQueue, s.paused])).toEqual([
      [`${scope.idPrefix}weekly-training`, 'smartTraining', scope.taskQueue, false],
      [`${scope.idPrefix}monitoring`, 'monitorAll', scope.taskQueue, false],
      [`${scope.idPrefix}monthly-comprehensive`, 'monthlyComprehensive', scope.taskQueue, false],
      [`${scope.idPrefix}daily-cleanup`, 'dailyCleanup', scope.taskQueue, false],
    ]);
    for (const s of listing.schedules) {
      expect(s.overlap).toBe('SKIP');
      expect(s.catchupWindowMs).toBe(3_600_000);
      expect(s.memo).toMatchObject({ managedBy: 'stockflow' });
      expect(s.nextRunTimes.length).toBeGreaterThan(0);
    }
  });

  it('reflects a changed time after re-applying', async () => {
    const scope = session.newScope();
    const config = { ...defaultSchedules(), timeZone: 'UTC' };
    await applySchedules(session.client, config, scope);
    config.dailyCleanup = { times: ['04:45'] };
    const result = await applySchedules(session.client, config, scope);
    expect(result.outcomes['daily-cleanup']).toBe('updated');

    const status = await describeSchedule(session.client, 'daily-cleanup', { ...scope, nextRuns: 3 });
    expect(status.nextRunTimes).toHaveLength(3);
    for (const t of status.nextRunTimes) expect(t.toISOString()).toMatch(/T04:45:00\.000Z$/);
    expect(status.note).toContain('04:45');
  });

  it('keeps an operator pause when the config says nothing about pausing, and enforces an explicit one', async () => {
    const scope = session.newScope();
    const config = defaultSchedules();
    await applySchedules(session.client, config, scope);
    await pauseSchedule(session.client, 'monitoring', 'investigating a data outage', scope);

    await applySchedules(session.client, config, scope);
    expect(await describeSchedule(session.client, 'monitoring', scope)).toMatchObject({ paused: true, note: 'investigating a data outage' });

    config.monitoring = { ...config.monitoring, paused: false };
    await applySchedules(session.client, config, scope);
    expect((await describeSchedule(session.client, 'monitoring', scope)).paused).toBe(false);

    config.weeklyTraining = { ...config.weeklyTraining, paused: true };
    await applySchedules(session.client, config, scope);
    const weekly = await describeSchedule(session.client, 'weekly-training', scope);
    expect(weekly.paused).toBe(true);
    expect(weekly.note).toMatch(/^paused by configuration/);
  });

  it('warns that the default Sunday 02:00 training is skipped on the New York spring-forward day', async () => {
    // Any 366-day window holds one second Sunday of March, so this holds whatever the date.
    const ny = await applySchedules(session.client, defaultSchedules(), session.newScope());
    expect(ny.warnings.map((w) => [w.schedule, w.time, w.kind])).toContainEqual(['weekly-training', '02:00', 'skipped']);
    const tokyo = await applySchedules(session.client, { ...defaultSchedules(), timeZone: 'Asia/Tokyo' }, session.newScope());
    expect(tokyo.warnings).toEqual([]);
  });
});
