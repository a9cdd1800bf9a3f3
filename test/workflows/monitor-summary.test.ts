/**
 * monitorAll's compact result (workflows/monitor-summary.ts): the counts, the symbols needing
 * attention with their problems in short, and the lean report rows, from one run's findings.
 */
import { describe, expect, it } from 'vitest';
import type { Freshness, SymbolAssessment } from '../../common/wire/index.js';
import type { RunFindings } from '../../workflows/incident-conditions.js';
import { apiSummary, mergeApiChecks, monitorCounts, reportRows, symbolsNeedingAttention } from '../../workflows/monitor-summary.js';

const allowed = (symbol: string) => ({ symbol, allowed: true, state: 'allowed' as const, reason: 'allowed', lastAttemptAt: null, consecutiveRefusals: 0 });
const live = { version: 1, from: '2025-01-02', to: '2025-03-31', n: 40, directionAccuracy: 0.55, directionCi: [0.4, 0.69] as [number, number], mape: 0.021, meanConfidence: 0.6, persistenceMape: 0.02, baselineDirectionAccuracy: 0.52 };

function assessment(symbol: string, over: Partial<SymbolAssessment> = {}): SymbolAssessment {
  return {
    symbol, championVersion: 1, modelAgeDays: 2, live: { symbol, ...live }, skill: null, breaches: [], absoluteBreaches: [], ageBreach: null,
    integrityProblem: null, retrainPolicy: allowed(symbol), verdict: 'ok (n=40, no rule significant at 5%)', ...over,
  };
}
const fresh = (symbol: string, over: Partial<Freshness> = {}): Freshness => ({ symbol, state: 'fresh', lastBar: '2025-03-31', lastCompletedSession: '2025-03-31', sessionsBehind: 0, checkedAt: '2025-04-01T00:00:00Z', ...over });

const findings: RunFindings = {
  health: { at: '2025-04-01T00:00:00Z', loadAverage1m: 0.5, cpuCount: 2, memoryUsedFraction: 0.4, diskFreeBytes: 1e10, diskFreeFraction: 0.5, breaches: [] },
  api: {
    baseUrl: 'http://127.0.0.1:1', successRate: 0.75, p50LatencyMs: 3,
    checks: [
      { symbol: 'OK', ok: true, status: 200, latencyMs: 3 }, { symbol: 'BAD', ok: false, status: 500, latencyMs: 3, error: 'HTTP 500: boom' },
      { symbol: 'NEW', ok: false, status: 404, latencyMs: 2 }, { symbol: 'OLD', ok: true, status: 200, latencyMs: 4 },
    ],
  },
  freshness: [fresh('OK'), fresh('BAD'), fresh('NEW', { state: 'failing', error: 'unknown symbol NEW' }), fresh('OLD', { state: 'stale', sessionsBehind: 3 })],
  assessments: [
    assessment('OK'),
    assessment('BAD', { breaches: ['error-vs-persistence: MAPE 2.31% vs persistence 2.05%'], integrityProblem: null }),
    assessment('NEW', { championVersion: null, modelAgeDays: null, live: null, verdict: 'no champion model yet', note: 'no champion model yet' }),
    assessment('OLD', { ageBreach: 'model is 9 days old (> 7)' }),
  ],
  retrainsStarted: ['BAD'], retrainsAlreadyRunning: [], retrainsRefused: [],
};
const symbols = ['OK', 'BAD', 'NEW', 'OLD'];

describe('monitorAll compact summary', () => {
  it('lists only the symbols with something wrong, in input order, each problem in a few words', () => {
    expect(symbolsNeedingAttention(findings, symbols)).toEqual([
      { symbol: 'BAD', championVersion: 1, problems: ['error-vs-persistence: MAPE 2.31% vs persistence 2.05%', 'API: HTTP 500: boom'] },
      // NEW's 404 is the API's answer for a symbol without a champion, not a fault.
      { symbol: 'NEW', championVersion: null, problems: ['no champion', 'refresh failing: unknown symbol NEW'] },
      { symbol: 'OLD', championVersion: 1, problems: ['model is 9 days old (> 7)', 'stale: 3 sessions behind'] },
    ]);
  });

  it('counts each state once per symbol, a refresh failure counted once even when also in the freshness', () => {
    expect(monitorCounts(findings, symbols, [{ symbol: 'NEW' }])).toEqual({
      symbols: 4, withChampion: 3, breaching: 1, integrityProblems: 0, ageBreaches: 1, noSkill: 0, stale: 1, refreshFailing: 1, apiFailed: 1,
    });
  });

  it('merges chunked API checks: every check, success rate and median latency over all', () => {
    const [a, b, c, d] = findings.api.checks as [typeof findings.api.checks[number], typeof findings.api.checks[number], typeof findings.api.checks[number], typeof findings.api.checks[number]];
    const merged = mergeApiChecks([
      { baseUrl: 'http://127.0.0.1:1', checks: [a, b], successRate: 0.5, p50LatencyMs: 3 },
      { baseUrl: 'http://127.0.0.1:1', checks: [c, d], successRate: 0.5, p50LatencyMs: 2 },
    ], null);
    expect(merged).toEqual({ baseUrl: 'http://127.0.0.1:1', checks: [a, b, c, d], successRate: 0.5, p50LatencyMs: 3 });
    expect(mergeApiChecks([], null)).toEqual({ baseUrl: null, checks: [], successRate: null, p50LatencyMs: null });
  });

  it('keeps only the failed API checks that are faults, and the figures of each symbol for the report without the skill tests', () => {
    expect(apiSummary(findings)).toEqual({ baseUrl: 'http://127.0.0.1:1', checked: 4, failed: [findings.api.checks[1]], successRate: 0.75, p50LatencyMs: 3 });
    const rows = reportRows(findings);
    expect(rows.map((r) => r.symbol)).toEqual(symbols);
    expect(rows[0]).toEqual({
      symbol: 'OK', championVersion: 1, modelAgeDays: 2, verdict: 'ok (n=40, no rule significant at 5%)', breaches: [],
      live: { n: 40, directionAccuracy: 0.55, directionCi: [0.4, 0.69], baselineDirectionAccuracy: 0.52, mape: 0.021, persistenceMape: 0.02, meanConfidence: 0.6 },
    });
    expect(rows[2]?.live).toBeNull();
  });
});
