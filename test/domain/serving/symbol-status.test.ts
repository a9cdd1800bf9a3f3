/** How the one symbol status (domain/serving) judges each metric against its threshold, and reads skill and next runs. */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { temporalUiSymbolLink } from '../../../client/index.js';
import type { EvaluationSummary, LiveSummary, ModelSummary, SkillJudgement, StatusThresholds } from '../../../common/wire/index.js';
import { HistoryStore } from '../../../domain/history/index.js';
import { nextRunOf, nextRuns } from '../../../domain/judgement/index.js';
import { judgeChecks as judge, rowStatus, symbolStatusOf, symbolStatuses } from '../../../domain/serving/symbol-status.js';
import { tempDir } from '../../helpers/temp-dir.js';

const t = { maxModelAgeDays: 7, minDirectionAccuracy: 0.45, maxMape: 0.05, minConfidence: 0.6 };
const holdout = (over: Partial<EvaluationSummary> = {}): EvaluationSummary => ({
  n: 250, from: '2025-01-02', to: '2025-12-31', mape: 0.02, directionAccuracy: 0.53, directionCi: [0.47, 0.59],
  meanConfidence: 0.62, persistenceMape: 0.021, baselineDirectionAccuracy: 0.52, baselineDirectionName: 'always-up',
  mae: 2, rmse: 2.6, brier: 0.25, ece: 0.03, persistenceMae: 2.1, mapeSkill: 0.05, directionSkill: 0.02, ...over,
});
const live = (over: Partial<LiveSummary> = {}): LiveSummary => ({
  scoredAt: '2026-01-10T12:00:00.000Z', version: 3, from: '2025-12-01', to: '2026-01-09', n: 25, directionAccuracy: 0.4,
  directionCi: [0.23, 0.59], mape: 0.07, meanConfidence: 0.58, persistenceMape: 0.03, baselineDirectionAccuracy: 0.5, ...over,
});

describe('judge', () => {
  it('holdout within every threshold is ok, with baselines and n beside each value', () => {
    const c = judge(holdout(), null, 2, t);
    expect(c.directionAccuracy).toMatchObject({ status: 'ok', value: 0.53, baseline: 0.52, baselineName: 'always-up', n: 250, basis: 'holdout', kind: 'min' });
    expect(c.mape).toMatchObject({ status: 'ok', value: 0.02, baseline: 0.021, baselineName: 'persistence', threshold: 0.05, kind: 'max' });
    expect(c.confidence.status).toBe('ok');
    expect(c.age).toMatchObject({ status: 'ok', value: 2, basis: 'registry' });
  });

  it('direction accuracy: breach only when the whole 95% interval is below; warn when just the point is', () => {
    expect(judge(holdout({ directionAccuracy: 0.43, directionCi: [0.37, 0.49] }), null, 0, t).directionAccuracy.status).toBe('warn');
    expect(judge(holdout({ directionAccuracy: 0.38, directionCi: [0.32, 0.44] }), null, 0, t).directionAccuracy.status).toBe('breach');
  });

  it('MAPE above, confidence below and age above their thresholds are breaches', () => {
    const c = judge(holdout({ mape: 0.051, meanConfidence: 0.59 }), null, 8, t);
    expect([c.mape.status, c.confidence.status, c.age.status]).toEqual(['breach', 'breach', 'breach']);
    expect(judge(holdout(), null, 7, t).age.status).toBe('ok');
  });

  it('uses the live score once it has 20 sessions, the holdout before', () => {
    expect(judge(holdout(), live({ n: 19 }), 1, t).mape).toMatchObject({ basis: 'holdout', value: 0.02, status: 'ok' });
    expect(judge(holdout(), live(), 1, t).mape).toMatchObject({ basis: 'live', value: 0.07, n: 25, baseline: 0.03, status: 'breach' });
  });

  it('too few sessions or no value is unknown, never a breach', () => {
    const c = judge(holdout({ n: 12, mape: 0.5 }), null, null, t);
    expect([c.mape.status, c.directionAccuracy.status, c.age.status]).toEqual(['unknown', 'unknown', 'unknown']);
    expect(judge(null, null, null, t).mape).toMatchObject({ status: 'unknown', value: null, basis: null });
  });
});

describe('schedules and links', () => {
  const schedules = [
    { id: 'test-1-weekly-training', paused: false, nextRunTimes: ['2030-01-06T07:00:00.000Z', '2030-01-13T07:00:00.000Z'] },
    { id: 'monitoring', paused: true, nextRunTimes: ['2030-01-02T11:00:00.000Z'] },
  ];
  it('next run of a schedule by id (prefixed ids too); none when paused or unknown', () => {
    expect(nextRunOf(schedules, 'weekly-training')).toBe('2030-01-06T07:00:00.000Z');
    expect(nextRunOf(schedules, 'monitoring')).toBeNull();
    expect(nextRunOf(null, 'monitoring')).toBeNull();
  });
  it('links to the Temporal UI workflow list filtered by the Symbol search attribute', () => {
    expect(temporalUiSymbolLink('http://ui:8080/', 'default', 'BRK.B'))
      .toBe(`http://ui:8080/namespaces/default/workflows?query=${encodeURIComponent("Symbol='BRK.B'")}`);
  });
});

describe('the skill judgement on a status row', () => {
  const history = HistoryStore.open({ file: path.join(tempDir(), 'history.sqlite') });
  afterAll(() => history.close());
  const off = { maxModelAgeDays: 7, minDirectionAccuracy: null, maxMape: null, minConfidence: null };
  const now = new Date('2026-01-12T12:00:00.000Z');
  const summary = (symbol: string): ModelSummary => ({
    symbol, configured: true, champion: { version: 2, since: '2026-01-05T00:00:00.000Z', reason: 'test' }, trainedAt: '2026-01-05T00:00:00.000Z',
    recipe: 'ens', quick: false, epochsRun: 3, backend: 'cpu', dataRange: { from: '2020-01-02', to: '2026-01-02' }, holdout: holdout(), versionCount: 2,
  });
  const breached: SkillJudgement = {
    n: 41, from: '2025-11-03', to: '2026-01-09', alpha: 0.05, breached: ['error-vs-persistence'],
    tests: [{
      rule: 'error-vs-persistence', n: 41, model: 0.0304, baseline: 0.0185, baselineName: 'persistence', statistic: 2.63, pValue: 0.006,
      adjustedPValue: 0.03, breach: true, detail: 'MAPE 3.04% vs persistence 1.85% (n=41, DM t=2.63, p=0.006)',
    }],
  };
  const score = (symbol: string, version: number, details: Record<string, unknown>, scoredAt: string) => history.addLiveScore({
    symbol, version, scoredAt: new Date(scoredAt), from: '2025-11-03', to: '2026-01-09', n: 41, directionAccuracy: 0.5, mape: 0.03, meanConfidence: 0.52, details,
  });
  const ctx = { history, thresholdsFor: () => off, staleAfterSessions: 1, now, schedules: null, freshness: new Map() };
  const buildListItem = (m: ModelSummary, c: typeof ctx) => symbolStatusOf(m, c);

  it("comes from the champion's latest live score and colours the row", () => {
    score('SPY', 1, { skill: { ...breached, breached: [] } }, '2026-01-09T12:00:00.000Z'); // an older champion's
    score('SPY', 2, { skill: { ...breached, breached: [], tests: [] } }, '2026-01-10T12:00:00.000Z');
    score('SPY', 2, { skill: breached, persistenceMape: 0.0185 }, '2026-01-11T12:00:00.000Z');
    const row = buildListItem(summary('SPY'), ctx);
    expect(row.skill).toEqual(breached);
    expect(row.status).toBe('breach');
    expect(row.checks.mape).toMatchObject({ status: 'off', threshold: null });
    // The set-based form gives the same row as the per-symbol one.
    expect(symbolStatuses({ models: [summary('SPY')], ...ctx })).toEqual([row]);
  });

  it('is null without a stored judgement, or with a damaged one', () => {
    score('QQQ', 2, { persistenceMape: 0.02 }, '2026-01-10T12:00:00.000Z');
    expect(buildListItem(summary('QQQ'), ctx)).toMatchObject({ skill: null, status: 'ok' });
    score('QQQ', 2, { skill: { n: 41, tests: 'broken' } }, '2026-01-11T12:00:00.000Z');
    expect(buildListItem(summary('QQQ'), ctx).skill).toBeNull();
  });

  it('row status: thresholds that are off do not count; a judged skill does', () => {
    const checks = judge(holdout(), null, 2, off);
    expect(rowStatus(checks, null)).toBe('ok');
    expect(rowStatus(checks, { ...breached, breached: [] })).toBe('ok');
    expect(rowStatus(checks, breached)).toBe('breach');
    expect(rowStatus(judge(null, null, null, off), null)).toBe('unknown');
    expect(rowStatus(judge(null, null, null, off), { ...breached, breached: [], tests: [] })).toBe('unknown');
  });
});

describe('next training run: the dashboard and `stockflow status` give one answer', () => {
  const history = HistoryStore.open({ file: path.join(tempDir(), 'history.sqlite') });
  afterAll(() => history.close());
  const now = new Date('2030-01-01T09:00:00.000Z');
  // Weekly smart training in 6 days; the monthly comprehensive retrain in 22 hours.
  const schedules = [
    { id: 'weekly-training', paused: false, nextRunTimes: ['2030-01-07T09:00:00.000Z'] },
    { id: 'monthly-comprehensive', paused: false, nextRunTimes: ['2030-01-02T07:00:00.000Z'] },
    { id: 'monitoring', paused: false, nextRunTimes: ['2030-01-01T21:30:00.000Z'] },
  ];
  const summary: ModelSummary = {
    symbol: 'SPY', configured: true, champion: null, trainedAt: null, recipe: null, quick: null, epochsRun: null, backend: null, dataRange: null,
    holdout: null, versionCount: 0,
  };
  const thresholds: StatusThresholds = { maxModelAgeDays: 7, minDirectionAccuracy: null, maxMape: null, minConfidence: null };
  const buildListItem = (m: ModelSummary, c: { schedules: typeof schedules }) => symbolStatusOf(m, { history, thresholdsFor: () => thresholds, staleAfterSessions: 1, now, freshness: new Map(), ...c });

  it('is the sooner of the two training schedules, for the API row and for the CLI (nextRuns)', () => {
    const row = buildListItem(summary, { schedules });
    expect(row.nextRun).toEqual({ training: '2030-01-02T07:00:00.000Z', monitoring: '2030-01-01T21:30:00.000Z' });
    // What status.ts computes from its listing (next runs under `nextRuns`, as listSchedules gives them).
    const cliListing = schedules.map((s) => ({ id: s.id, paused: s.paused, nextRuns: [...s.nextRunTimes] }));
    expect(nextRuns(cliListing.map((s) => ({ id: s.id, paused: s.paused, nextRunTimes: s.nextRuns }))).training).toBe(row.nextRun.training);
  });

  it('skips a paused schedule: then the weekly run is next', () => {
    const paused = schedules.map((s) => (s.id === 'monthly-comprehensive' ? { ...s, paused: true } : s));
    expect(buildListItem(summary, { schedules: paused }).nextRun.training).toBe('2030-01-07T09:00:00.000Z');
    expect(nextRuns(null)).toEqual({ training: null, monitoring: null });
  });
});
