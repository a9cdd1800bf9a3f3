import { ScheduleOverlapPolicy } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { GENERAL_TASK_QUEUE } from '../../common/constants.js';
import {
  buildScheduleDefinitions, findDstHazards, scheduledWorkflow, SCHEDULE_NAMES, UnknownScheduleError,
} from '../../schedules/index.js';
import { defaultSchedules } from './helpers.js';

describe('buildScheduleDefinitions', () => {
  it('builds the four schedules of the spec from the default configuration', () => {
    const defs = buildScheduleDefinitions(defaultSchedules());
    expect(defs.map((d) => [d.scheduleId, d.action.workflowType, d.action.args])).toEqual([
      ['weekly-training', 'smartTraining', [{ force: false }]],
      ['monitoring', 'monitorAll', [{}]],
      ['monthly-comprehensive', 'monthlyComprehensive', [{}]],
      ['daily-cleanup', 'dailyCleanup', [{}]],
    ]);
    for (const d of defs) {
      expect(d.spec.timezone).toBe('America/New_York');
      expect(d.action.taskQueue).toBe(GENERAL_TASK_QUEUE);
      expect(d.policies).toEqual({ overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1h', pauseOnFailure: false });
      expect(d.state?.paused).toBe(false);
      expect(d.memo).toMatchObject({ managedBy: 'stockflow', purpose: expect.any(String) });
    }
    const [weekly, monitoring, monthly, daily] = defs;
    expect(weekly?.action.workflowId).toBe('smart-training-scheduled');
    expect(weekly?.spec.calendars).toEqual([{ hour: 2, minute: 0, comment: '02:00', dayOfWeek: ['SUNDAY'] }]);
    expect(monitoring?.spec.calendars?.map((c) => [c.hour, c.minute, c.dayOfWeek])).toEqual([
      [6, 0, ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY']],
      [12, 0, ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY']],
      [18, 0, ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY']],
    ]);
    expect(monthly?.spec.calendars).toEqual([{ hour: 1, minute: 0, comment: '01:00', dayOfMonth: [1] }]);
    expect(daily?.spec.calendars).toEqual([{ hour: 3, minute: 0, comment: '03:00' }]);
  });

  it('takes zone, catch-up window, pause, prefix and task queue from its inputs', () => {
    const config = { ...defaultSchedules(), timeZone: 'Asia/Tokyo', catchupWindow: '15m' };
    config.dailyCleanup = { times: ['03:00', '15:30'], paused: true };
    const defs = buildScheduleDefinitions(config, { idPrefix: 'x-', taskQueue: 'q' });
    const daily = defs[3];
    expect(daily?.scheduleId).toBe('x-daily-cleanup');
    expect(daily?.action).toMatchObject({ workflowId: 'x-daily-cleanup-scheduled', taskQueue: 'q' });
    expect(daily?.spec.timezone).toBe('Asia/Tokyo');
    expect(daily?.policies?.catchupWindow).toBe('15m');
    expect(daily?.state).toMatchObject({ paused: true, note: expect.stringContaining('paused by configuration') });
    // Separate calendars, not the cross product {3,15}×{0,30}.
    expect(daily?.spec.calendars?.map((c) => [c.hour, c.minute])).toEqual([[3, 0], [15, 30]]);
  });
});

describe('schedule ids', () => {
  it('accept the schedule id or the config key', () => {
    expect(scheduledWorkflow('monthly-comprehensive').key).toBe('monthlyComprehensive');
    expect(scheduledWorkflow('monthlyComprehensive').name).toBe('monthly-comprehensive');
  });

  it('refuse an unknown id with an error naming the known ones', () => {
    expect(() => scheduledWorkflow('weekly-trainig')).toThrow(UnknownScheduleError);
    expect(() => scheduledWorkflow('weekly-trainig')).toThrow(
      'unknown schedule "weekly-trainig"; the known schedules are weekly-training, monitoring, monthly-comprehensive, daily-cleanup',
    );
    expect(SCHEDULE_NAMES).toHaveLength(4);
  });
});

describe('findDstHazards', () => {
  it('finds the Sunday 02:00 training that a New York spring-forward skips, and the repeated 01:00 of 1 Nov 2026', () => {
    const hazards = findDstHazards(defaultSchedules(), { from: new Date('2026-10-01T00:00:00Z'), days: 365 });
    expect(hazards.map(({ schedule, localDate, time, kind }) => ({ schedule, localDate, time, kind }))).toEqual([
      { schedule: 'monthly-comprehensive', localDate: '2026-11-01', time: '01:00', kind: 'repeated' },
      { schedule: 'weekly-training', localDate: '2027-03-14', time: '02:00', kind: 'skipped' },
    ]);
    expect(hazards[1]?.message).toMatch(/02:00 does not exist on 2027-03-14 in America\/New_York.*outside 02:00–03:00/);
  });

  it('finds none in a zone without DST, or when times avoid the change', () => {
    expect(findDstHazards({ ...defaultSchedules(), timeZone: 'Asia/Tokyo' }, { from: new Date('2026-01-01T00:00:00Z') })).toEqual([]);
    const config = defaultSchedules();
    config.weeklyTraining = { ...config.weeklyTraining, times: ['04:00'] };
    config.monthlyComprehensive = { ...config.monthlyComprehensive, times: ['04:00'] };
    expect(findDstHazards(config, { from: new Date('2026-01-01T00:00:00Z'), days: 800 })).toEqual([]);
  });

  it('knows London changes at 01:00 UTC: Sunday 02:00 exists on both change days', () => {
    const config = { ...defaultSchedules(), timeZone: 'Europe/London' };
    expect(findDstHazards(config, { from: new Date('2026-01-01T00:00:00Z'), days: 730 })).toEqual([]);
    config.weeklyTraining = { ...config.weeklyTraining, times: ['01:30'] };
    expect(findDstHazards(config, { from: new Date('2027-01-01T00:00:00Z'), days: 365 }).map((h) => [h.localDate, h.kind])).toEqual([
      ['2027-03-28', 'skipped'],
      ['2027-10-31', 'repeated'],
    ]);
  });
});
