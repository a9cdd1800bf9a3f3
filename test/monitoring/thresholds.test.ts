import { describe, expect, it } from 'vitest';
import type { LiveScore } from '../../common/wire';
import { assessTrend, healthBreaches, judgeLiveScore, modelAgeDays, normalQuantile, slackPayload, type ScoredDay } from '../../monitoring';

const thresholds = { maxModelAgeDays: 7, minDirectionAccuracy: 0.45, maxMape: 0.05, minConfidence: 0.6 };
const live = (over: Partial<LiveScore>): LiveScore => ({
  symbol: 'SPY', version: 1, from: '2025-01-02', to: '2025-03-31', n: 60, directionAccuracy: 0.55, directionCi: [0.42, 0.67],
  mape: 0.01, meanConfidence: 0.65, persistenceMape: 0.01, baselineDirectionAccuracy: 0.53, ...over,
});

describe('judgeLiveScore', () => {
  it('says nothing about too few live sessions, however bad they look', () => {
    const j = judgeLiveScore(live({ n: 10, mape: 0.5, directionAccuracy: 0.1, directionCi: [0.02, 0.4] }), thresholds);
    expect(j.breaches).toEqual([]);
    expect(j.note).toMatch(/only 10 live sessions/);
  });

  it('flags MAPE and confidence breaches with the sample size and the baseline', () => {
    const j = judgeLiveScore(live({ mape: 0.072, meanConfidence: 0.52 }), thresholds);
    expect(j.breaches).toEqual(['MAPE 7.2% > 5.0% (persistence 1.0%, n=60)', 'mean confidence 52.0% < 60.0% (n=60)']);
  });

  it('flags direction accuracy only when the whole 95% interval is below the threshold', () => {
    expect(judgeLiveScore(live({ directionAccuracy: 0.4, directionCi: [0.28, 0.53] }), thresholds).breaches).toEqual([]);
    expect(judgeLiveScore(live({ directionAccuracy: 0.3, directionCi: [0.2, 0.43] }), thresholds).breaches[0]).toMatch(/^direction accuracy 30.0%/);
  });

  it('computes model age in whole days', () => {
    expect(modelAgeDays('2026-11-16T02:00:00Z', new Date('2026-11-24T01:59:00Z'))).toBe(7);
    expect(modelAgeDays('2026-11-16T02:00:00Z', new Date('2026-11-24T02:00:00Z'))).toBe(8);
  });
});

describe('assessTrend', () => {
  const day = (i: number, correct: boolean, ape: number): ScoredDay => ({ date: `d${i}`, directionCorrect: correct, ape });

  it('gives no verdict on small windows', () => {
    expect(assessTrend(Array.from({ length: 30 }, (_, i) => day(i, i % 2 === 0, 0.01)))).toBeNull();
  });

  it('detects a significant fall in direction accuracy and rise in error', () => {
    const earlier = Array.from({ length: 60 }, (_, i) => day(i, i % 10 < 7, 0.01 + (i % 3) * 0.001));
    const recent = Array.from({ length: 20 }, (_, i) => day(60 + i, i % 10 < 2, 0.04 + (i % 3) * 0.001));
    const t = assessTrend([...earlier, ...recent])!;
    expect(t.degrading).toBe(true);
    expect(t.detail).toMatch(/direction accuracy fell from 70.0% to 20.0%/);
    expect(t.detail).toMatch(/MAPE rose/);
    expect([t.earlierN, t.recentN]).toEqual([60, 20]);
  });

  it('does not alarm on a stable series', () => {
    const days = Array.from({ length: 80 }, (_, i) => day(i, i % 2 === 0, 0.01 + (i % 5) * 0.001));
    expect(assessTrend(days)!.degrading).toBe(false);
  });

  it('uses correct normal quantiles', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.95)).toBeCloseTo(1.644854, 5);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 5);
  });
});

describe('system health and webhook payload', () => {
  it('names each breached limit', () => {
    const b = healthBreaches({ load1: 5, cpuCount: 2, memoryUsedFraction: 0.95, diskFreeFraction: 0.01, dataDir: '/data' },
      { maxLoadPerCore: 2, maxMemoryUsedFraction: 0.9, minDiskFreeFraction: 0.05 });
    expect(b).toEqual(['CPU load 5.00 on 2 cores > 2 per core', 'memory 95% used > 90%', 'disk of /data 1.0% free < 5%']);
  });

  it('builds a Slack-compatible payload that names the symbol once (alert messages never repeat it)', () => {
    const p = slackPayload([
      { symbol: 'TSLA', kind: 'performance', severity: 'critical', message: 'MAPE 9% > 5%' },
      { symbol: null, kind: 'health', severity: 'warning', message: 'disk 3% free < 5%' },
    ]);
    expect(p.text).toBe('stockflow: 2 alerts');
    expect(p.blocks[1]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: ':rotating_light: *performance* TSLA: MAPE 9% > 5%' } });
    expect(p.blocks[2]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: ':warning: *health*: disk 3% free < 5%' } });
  });
});
