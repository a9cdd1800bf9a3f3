import { describe, expect, it } from 'vitest';
import { directionBaseline, persistenceErrors } from '../../../domain/engine/baselines.js';
import type { Forecast } from '../../../domain/engine/ensemble.js';
import { scoreForecasts } from '../../../domain/engine/evaluate.js';
import { barsFromCloses } from './helpers.js';
import { at } from '../../helpers/at.js';

// closes 100, 101, 100, 102, 103, 102; forecasting sessions 2..5 from origins 1..4.
const closes = [100, 101, 100, 102, 103, 102];
const bars = barsFromCloses(closes);
const origins = [1, 2, 3, 4];
const persistenceMape = (1 / 100 + 2 / 102 + 1 / 103 + 1 / 102) / 4;

const band = { low: -0.05, high: 0.05 };
const fc = (origin: number, predictedReturn: number, lean: 'up' | 'down', confidence = 0.6): Forecast => ({
  origin, signal: predictedReturn, sigma: 0.01, pUp: lean === 'up' ? confidence : 1 - confidence, predictedReturn,
  direction: lean, lean, confidence, intervals: { p80: band, p95: { low: -0.1, high: 0.1 } },
});

describe('baselines', () => {
  it('persistence errors on a hand-made series', () => {
    const e = persistenceErrors(origins.map((t) => at(closes, t)), origins.map((t) => at(closes, t + 1)));
    expect(e.mape).toBeCloseTo(persistenceMape, 12);
    expect(e.mae).toBeCloseTo(1.25, 12);
    expect(e.rmse).toBeCloseTo(Math.sqrt((1 + 4 + 1 + 1) / 4), 12);
  });

  it('always-down is a naive rule, and the rule is chosen on the sessions before the window, never on the window', () => {
    // Before the window: 3 of 4 days down → always-down (75%) beats always-up (25%) and same-as-today (1/3).
    const prior = [-0.01, -0.02, 0.01, -0.01];
    // In the window every day is up: with hindsight always-up would be best (100%), always-down scores 0.
    const today = [0.01, 0.01, 0.01, 0.01];
    const next = [0.02, 0.01, 0.03, 0.01];
    const b = directionBaseline(today, next, prior);
    expect(b).toEqual({
      name: 'always-down', accuracy: 0, chosenOn: 4, baseRate: 0.25,
      alwaysUp: 1, alwaysDown: 0, sameAsToday: 1,
      hindsightBest: { name: 'always-up', accuracy: 1 },
    });
    // The same window after an up-trending past: always-up is chosen before the window.
    expect(directionBaseline(today, next, [0.01, 0.02, -0.01, 0.01])).toMatchObject({ name: 'always-up', accuracy: 1, baseRate: 0.75 });
    // A persistent past favours same-as-today (3 of 3 consecutive pairs agree).
    expect(directionBaseline(today, next, [0.01, 0.01, 0.01, 0.01]).name).toBe('always-up');
    expect(directionBaseline(today, next, [-0.01, -0.01, 0.01, 0.01, 0.01, 0.01, -0.01, -0.01]).name).toBe('same-as-today');
  });

  it('scoreForecasts chooses the rule on the sessions before the first scored one', () => {
    // Down, down, down, then the window (origins 4..6) all up.
    const series = barsFromCloses([100, 99, 98, 97, 98, 99, 100, 101]);
    const f = [4, 5, 6].map((t) => fc(t, 0.001, 'up'));
    const r = scoreForecasts('X', series, f, { from: '1990-01-01', to: '2000-01-01' });
    // Prior returns into bars 1..4: down, down, down, up → always-down (75%), which scores 0 on the window.
    expect(r.baselines.direction).toMatchObject({ name: 'always-down', accuracy: 0, chosenOn: 4, baseRate: 0.25 });
    expect(r.baselines.direction.hindsightBest).toEqual({ name: 'always-up', accuracy: 1 });
    expect(r.model.directionAccuracy).toBe(1);
    // Brier of P(up) = 0.6 on three up days vs the base rate 0.25 from before the window.
    expect(r.model.brier).toBeCloseTo(0.16, 12);
    expect(r.model.baseRateBrier).toBeCloseTo(0.5625, 12);
    expect(r.model.brierSkill).toBeCloseTo(1 - 0.16 / 0.5625, 12);
  });

  it('scores a zero-return forecast as exactly the persistence baseline (skill 0)', () => {
    const r = scoreForecasts('X', bars, origins.map((t) => fc(t, 0, 'up')), { from: '1990-01-01', to: '2000-01-01' });
    expect(r.range).toEqual({ from: at(bars, 2).date, to: at(bars, 5).date, n: 4 });
    expect(r.model.mape).toBeCloseTo(persistenceMape, 12);
    expect(r.skill.mape).toBeCloseTo(0, 12);
    expect(r.model.directionAccuracy).toBe(0.5);
    expect(r.overlapsTraining).toBe(false);
  });

  it('scores a perfect forecast with zero error, full accuracy and the intervals it was given', () => {
    const perfect = origins.map((t) => {
      const r = Math.log(at(closes, t + 1) / at(closes, t));
      return fc(t, r, r > 0 ? 'up' : 'down', 0.95);
    });
    const r = scoreForecasts('X', bars, perfect, { from: at(bars, 0).date, to: at(bars, 3).date });
    expect(r.model.mape).toBeCloseTo(0, 12);
    expect(r.model.directionAccuracy).toBe(1);
    expect(r.skill.mape).toBe(1);
    expect(r.model.brier).toBeCloseTo(0.0025, 12);
    // Every move is within ±5%: full coverage at width 0.1.
    expect(r.model.intervals.p80).toMatchObject({ n: 4, coverage: 1 });
    expect(r.model.intervals.p80.meanWidth).toBeCloseTo(0.1, 12);
    expect(r.overlapsTraining).toBe(true);
    expect(scoreForecasts('X', bars, perfect, { from: '2099-01-01', to: '2099-12-31' }).overlapsTraining).toBe(false);
  });
});
