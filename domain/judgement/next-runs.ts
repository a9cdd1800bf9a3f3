/**
 * When a symbol is next trained and monitored, from the schedules' next run times: the one answer
 * the API, the dashboard and `stockflow status` give. Training runs under two schedules — the
 * weekly smart training and the monthly comprehensive retrain — so "next training" is the sooner
 * of the two (the dashboard used to show only the weekly one: "train in 6 d" while the monthly
 * retrain, and `stockflow status`, said "in 22 h"). A paused schedule does not run.
 */
import { SCHEDULE_IDS } from '../../common/constants.js';

/** A schedule's state as both the API and the CLI read it (ids may carry a deployment prefix). */
export interface ScheduleRunTimes {
  id: string;
  paused: boolean;
  /** ISO, soonest first. */
  nextRunTimes: readonly string[];
}

export const TRAINING_SCHEDULES: readonly string[] = [SCHEDULE_IDS.weeklyTraining, SCHEDULE_IDS.monthlyComprehensive];
export const MONITORING_SCHEDULES: readonly string[] = [SCHEDULE_IDS.monitoring];

/** The soonest next run of the named schedules that are not paused (ISO), or null. */
export function nextRunOf(schedules: readonly ScheduleRunTimes[] | null, names: string | readonly string[]): string | null {
  const wanted = typeof names === 'string' ? [names] : names;
  const times = (schedules ?? [])
    .filter((s) => !s.paused && wanted.some((name) => s.id === name || s.id.endsWith(`-${name}`)))
    .map((s) => s.nextRunTimes[0])
    .filter((t): t is string => typeof t === 'string');
  if (times.length === 0) return null;
  return times.reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a));
}

/** Next training and monitoring run of every symbol (the schedules cover all configured symbols). */
export function nextRuns(schedules: readonly ScheduleRunTimes[] | null): { training: string | null; monitoring: string | null } {
  return { training: nextRunOf(schedules, TRAINING_SCHEDULES), monitoring: nextRunOf(schedules, MONITORING_SCHEDULES) };
}
