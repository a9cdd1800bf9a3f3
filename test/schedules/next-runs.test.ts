import { describe, expect, it } from 'vitest';
import {
  applySchedules, buildScheduleDefinitions, describeSchedule, findDstHazards,
  type ScheduleBuildOptions, type SchedulesConfig,
} from '../../schedules/index.js';
import { defaultSchedules, localTime, schedulesSession } from './helpers.js';

const session = schedulesSession();

const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'];
const HOUR = 3_600_000;

/**
 * The server's next times for our calendars as if "now" were `startAt`: the schedules are
 * created with `spec.startAt`, so the first matching times are on the chosen (DST) dates.
 */
async function nextTimesFrom(config: SchedulesConfig, startAt: Date, scope: ScheduleBuildOptions): Promise<Record<string, Date[]>> {
  const times: Record<string, Date[]> = {};
  for (const def of buildScheduleDefinitions(config, scope)) {
    await session.client.schedule.create({ ...def, spec: { ...def.spec, startAt } });
    times[def.scheduleId.slice(scope.idPrefix!.length)] = (await session.client.schedule.getHandle(def.scheduleId).describe()).info.nextActionTimes;
  }
  return times;
}

describe('next run times', () => {
  it('are the configured local times and weekdays in America/New_York', async () => {
    const scope = session.newScope();
    await applySchedules(session.client, defaultSchedules(), scope);
    const zone = 'America/New_York';

    const monitoring = await describeSchedule(session.client, 'monitoring', { ...scope, nextRuns: 10 });
    expect(monitoring.timeZone).toBe(zone);
    expect(monitoring.nextRunTimes).toHaveLength(10);
    for (const t of monitoring.nextRunTimes) {
      const local = localTime(t, zone);
      expect(['06:00', '12:00', '18:00']).toContain(local.time);
      expect(WEEKDAYS).toContain(local.weekday);
    }
    expect(monitoring.nextRunTimes[0]?.getTime()).toBeGreaterThan(Date.now());

    const weekly = await describeSchedule(session.client, 'weekly-training', scope);
    expect(weekly.nextRunTimes).toHaveLength(5);
    for (const t of weekly.nextRunTimes) expect(localTime(t, zone)).toMatchObject({ weekday: 'SUNDAY', time: '02:00' });
    const monthly = await describeSchedule(session.client, 'monthly-comprehensive', scope);
    for (const t of monthly.nextRunTimes) expect(localTime(t, zone)).toMatchObject({ day: 1, time: '01:00' });
    const daily = await describeSchedule(session.client, 'daily-cleanup', scope);
    let previous: Date | undefined;
    for (const t of daily.nextRunTimes) {
      expect(localTime(t, zone).time).toBe('03:00');
      if (previous) expect(t.getTime() - previous.getTime()).toBeGreaterThanOrEqual(23 * HOUR);
      previous = t;
    }
  });

  it('follow a non-default zone (Asia/Tokyo, no DST)', async () => {
    const scope = session.newScope();
    await applySchedules(session.client, { ...defaultSchedules(), timeZone: 'Asia/Tokyo' }, scope);
    const weekly = await describeSchedule(session.client, 'weekly-training', { ...scope, nextRuns: 10 });
    expect(weekly.timeZone).toBe('Asia/Tokyo');
    for (const t of weekly.nextRunTimes) {
      expect(localTime(t, 'Asia/Tokyo')).toMatchObject({ weekday: 'SUNDAY', time: '02:00' });
      expect(t.getUTCDay()).toBe(6); // 02:00 JST Sunday is 17:00 UTC Saturday
      expect(t.getUTCHours()).toBe(17);
    }
  });

  it('stay at 02:00 local across the London spring-forward, so the UTC time moves an hour', async () => {
    const scope = session.newScope();
    const zone = 'Europe/London';
    const times = await nextTimesFrom({ ...defaultSchedules(), timeZone: zone }, new Date('2027-03-01T00:00:00Z'), scope);
    const weekly = times['weekly-training'] ?? [];
    expect(weekly.map((t) => localTime(t, zone).date)).toEqual([
      '2027-03-07', '2027-03-14', '2027-03-21', '2027-03-28', '2027-04-04', '2027-04-11', '2027-04-18', '2027-04-25', '2027-05-02', '2027-05-09',
    ]);
    for (const t of weekly) expect(localTime(t, zone)).toMatchObject({ weekday: 'SUNDAY', time: '02:00' });
    // GMT until 28 March (02:00 UTC), BST from then on (01:00 UTC): one week is an hour short.
    expect(weekly.map((t) => t.getUTCHours())).toEqual([2, 2, 2, 1, 1, 1, 1, 1, 1, 1]);
    const [third, fourth] = [weekly[2], weekly[3]];
    expect(third && fourth && fourth.getTime() - third.getTime()).toBe(7 * 24 * HOUR - HOUR);
  });

  it('around the New York spring-forward: monitoring keeps 06/12/18 local, and Sunday 02:00 is skipped as findDstHazards warns', async () => {
    const scope = session.newScope();
    const zone = 'America/New_York';
    const config = defaultSchedules();
    const times = await nextTimesFrom(config, new Date('2027-03-12T00:00:00Z'), scope);

    const monitoring = times.monitoring;
    expect(monitoring?.slice(0, 4).map((t) => [localTime(t, zone).date, localTime(t, zone).time, t.getUTCHours()])).toEqual([
      ['2027-03-12', '06:00', 11], ['2027-03-12', '12:00', 17], ['2027-03-12', '18:00', 23], // Friday, EST (UTC-5)
      ['2027-03-15', '06:00', 10], // Monday, EDT (UTC-4)
    ]);

    // 02:00 does not exist on Sunday 14 March 2027 in New York: Temporal takes no action that day.
    expect(times['weekly-training']?.slice(0, 2).map((t) => localTime(t, zone).date)).toEqual(['2027-03-21', '2027-03-28']);
    const hazards = findDstHazards(config, { from: new Date('2027-03-12T00:00:00Z'), days: 7 });
    expect(hazards.map((h) => [h.schedule, h.localDate, h.kind])).toEqual([['weekly-training', '2027-03-14', 'skipped']]);
  });
});
