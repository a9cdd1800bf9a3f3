// Holdout interval metrics travel like the others: the engine's report → the wire summary
// (toEvaluationSummary, stored as evaluation rows and served as the API's holdout, from the
// champion's metadata) → the retrain report's cells. Older reports without intervals stay readable.
import { describe, expect, it } from 'vitest';
import type { EvaluationSummary } from '../../../common/wire/index.js';
import { scoreIntervals, type EvaluationReport } from '../../../domain/engine/index.js';
import { buildReport, renderMarkdown } from '../../../domain/reports/index.js';
import { toEvaluationSummary } from '../../../domain/engine/evaluation-summary.js';

// Eight next-session log returns; the model's 80% interval misses two, the baseline's (narrower) four; at 95% the model's misses none, the baseline's two.
const actual = [0.01, -0.02, 0.004, 0.03, -0.001, -0.025, 0.012, 0.0];
const modelP80 = actual.map((_, i) => (i === 3 || i === 5 ? { low: -0.015, high: 0.015 } : { low: -0.022, high: 0.022 }));
const modelP95 = actual.map(() => ({ low: -0.035, high: 0.035 }));
const baseP80 = actual.map(() => ({ low: -0.011, high: 0.011 }));
const baseP95 = actual.map(() => ({ low: -0.02, high: 0.02 }));

function report(withIntervals: boolean): EvaluationReport {
  const intervals = { p80: scoreIntervals(modelP80, actual, 0.8), p95: scoreIntervals(modelP95, actual, 0.95) };
  const rollingStd = { p80: scoreIntervals(baseP80, actual, 0.8), p95: scoreIntervals(baseP95, actual, 0.95) };
  const r = {
    symbol: 'SPY',
    range: { from: '2025-01-02', to: '2025-01-13', n: actual.length },
    model: {
      mape: 0.011, mae: 1.2, rmse: 1.6, directionAccuracy: 0.625, directionCi95: { low: 0.31, high: 0.86 }, meanConfidence: 0.55,
      brier: 0.24, ece: 0.05, ...(withIntervals ? { intervals } : {}),
    },
    baselines: {
      persistence: { mape: 0.012, mae: 1.3, rmse: 1.7 },
      direction: { name: 'always-up', accuracy: 0.5 },
      ...(withIntervals ? { rollingStd } : {}),
    },
    skill: { mape: 0.08, mae: 0.07, direction: 0.25 },
    overlapsTraining: false,
  };
  return r as unknown as EvaluationReport;
}

describe('holdout interval metrics, stored and shown like the others', () => {
  it('toEvaluationSummary carries coverage with n, mean width, Winkler and pinball beside the rolling-std baseline', () => {
    const s = toEvaluationSummary(report(true));
    expect(s.intervals?.model.p80).toMatchObject({ n: 8, level: 0.8, coverage: 6 / 8 });
    expect(s.intervals?.model.p95).toMatchObject({ n: 8, level: 0.95, coverage: 1 });
    expect(s.intervals?.rollingStd.p80).toMatchObject({ n: 8, level: 0.8, coverage: 4 / 8 });
    expect(s.intervals?.rollingStd.p80.meanWidth).toBeCloseTo(0.022, 12);
    expect(s.intervals?.rollingStd.p95).toMatchObject({ n: 8, level: 0.95, coverage: 6 / 8 });
    expect(s.intervals?.model.p80.meanWidth).toBeCloseTo((6 * 0.044 + 2 * 0.03) / 8, 12);
    // Winkler: width + (2/α)·miss; the model misses 0.03 by 0.015 and −0.025 by 0.01.
    expect(s.intervals?.model.p80.intervalScore).toBeCloseTo((6 * 0.044 + 2 * 0.03 + 10 * (0.015 + 0.01)) / 8, 12);
    expect(s.intervals?.model.p80.pinball).toBeGreaterThan(0);
    // Plain data: survives the JSON the history's evaluation rows and the workflow payloads are.
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it('leaves intervals out for a report written before intervals', () => {
    const s = toEvaluationSummary(report(false));
    expect(s.intervals).toBeUndefined();
    expect(s.mape).toBe(0.011);
  });

  it('the retrain report shows the challenger\'s coverage and Winkler score beside the baseline\'s', () => {
    const challenger: EvaluationSummary = toEvaluationSummary(report(true));
    const older: EvaluationSummary = toEvaluationSummary(report(false));
    const result = (symbol: string, e: EvaluationSummary) => ({
      symbol, reason: 'weekly', quick: true, challengerVersion: 2, championBefore: 1, championAfter: 2, promoted: true, decision: 'promoted',
      backupId: null, challenger: e, champion: null, waitedForMarketCloseMs: 0, trainingMs: 1, backend: 'cpu',
    });
    const md = renderMarkdown(buildReport({
      kind: 'monthly', title: 'Retrains',
      retrains: { requested: 2, promoted: 2, kept: 0, failed: 0, alreadyRunning: 0, outcomes: [
        { symbol: 'SPY', status: 'done', result: result('SPY', challenger) },
        { symbol: 'AAPL', status: 'done', result: result('AAPL', older) },
      ] },
    }));
    expect(md).toContain('new 80% / 95% coverage (rolling-std)');
    const spyRow = md.split('\n').find((l) => l.startsWith('| SPY'))!;
    expect(spyRow).toContain('| 75.0% / 100.0% (50.0% / 75.0%) |');
    expect(spyRow).toContain(`| ${(challenger.intervals!.model.p80.intervalScore * 100).toFixed(2)}% (${(challenger.intervals!.rollingStd.p80.intervalScore * 100).toFixed(2)}%) |`);
    const aaplRow = md.split('\n').find((l) => l.startsWith('| AAPL'))!;
    expect(aaplRow.split('|').map((c) => c.trim()).filter((c) => c === '—').length).toBeGreaterThanOrEqual(2);
  });
});
