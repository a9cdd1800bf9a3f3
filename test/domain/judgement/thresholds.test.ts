import { describe, expect, it } from 'vitest';
import type { Incident, LiveScore } from '../../../common/wire/index.js';
import { healthBreaches, holdoutThresholdWarnings, incidentPayload, judgeLiveScore, modelAgeDays, normalQuantile } from '../../../domain/judgement/index.js';

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

describe('normalQuantile', () => {
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

  it('builds a Slack-compatible payload of opened (with advice) and resolved incidents', () => {
    const base: Incident = {
      id: 7, symbol: 'TSLA', rule: 'error-vs-persistence', severity: 'critical', status: 'open', message: 'MAPE 9% vs persistence 4% (n=40, p=0.001)',
      advice: 'a retrain was started', firstSeen: '2025-01-06T11:00:00.000Z', lastSeen: '2025-01-06T11:00:00.000Z', occurrences: 1,
      resolvedAt: null, acknowledged: false, acknowledgedAt: null, details: {},
    };
    const p = incidentPayload({ opened: [base], resolved: [{ ...base, id: 3, symbol: null, rule: 'health', status: 'resolved', occurrences: 4, message: 'disk 3% free' }] });
    expect(p.text).toBe('stockflow: 1 incident opened, 1 resolved');
    expect(p.blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'stockflow: 1 incident opened, 1 resolved' } },
      { type: 'section', text: { type: 'mrkdwn', text: ':rotating_light: *opened* #7 TSLA · error-vs-persistence: MAPE 9% vs persistence 4% (n=40, p=0.001)\n*What to do:* a retrain was started' } },
      { type: 'section', text: { type: 'mrkdwn', text: ':white_check_mark: *resolved* #3 system · health: disk 3% free (seen 4× from 2025-01-06T11:00:00.000Z to 2025-01-06T11:00:00.000Z)' } },
    ]);
  });
});

describe('holdoutThresholdWarnings (start-up)', () => {
  const holdout = { n: 250, directionAccuracy: 0.51, directionCi: [0.45, 0.57] as [number, number], mape: 0.058, meanConfidence: 0.53 };

  it('names each configured absolute threshold a champion\'s own holdout already breaches', () => {
    const warnings = holdoutThresholdWarnings([{ symbol: 'SMCI', holdout }], () => ({ maxModelAgeDays: 7, minDirectionAccuracy: 0.45, maxMape: 0.05, minConfidence: 0.6 }));
    expect(warnings).toEqual([
      expect.stringMatching(/^SMCI: holdout MAPE 5\.8% > maxMape 5\.0% \(n=250\); it would raise an incident on every monitoring run/),
      expect.stringMatching(/^SMCI: holdout mean confidence 53\.0% < minConfidence 60\.0% \(n=250\)/),
    ]);
  });

  it('says nothing when the absolute thresholds are off (the default)', () => {
    expect(holdoutThresholdWarnings([{ symbol: 'SMCI', holdout }], () => ({ maxModelAgeDays: 7, minDirectionAccuracy: null, maxMape: null, minConfidence: null }))).toEqual([]);
  });
});
