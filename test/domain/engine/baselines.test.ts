import { describe, expect, it } from 'vitest';
import { directionBaseline, persistenceErrors } from '../../../domain/engine/baselines.js';
import type { Forecast } from '../../../domain/engine/ensemble.js';
import { scoreForecasts } from '../../../domain/engine/evaluate.js';
import { barsFromCloses } from './helpers.js';

// closes 100, 101, 100, 102, 103, 102; forecasting sessions 2..5 from origins 1..4.
const closes = [100, 101, 100, 102, 103, 102];
const bars = barsFromCloses(closes);
const origins = [1, 2, 3, 4];
const persistenceMape = (1 / 100 + 2 / 102 + 1 / 103 + 1 / 102) / 4;

const fc = (origin: number, predictedReturn: number, direction: 'up' | 'down', confidence = 0.6): Forecast => ({ origin, signal: predictedReturn || (direction === 'up' ? 1e-9 : -1e-9), predictedReturn, direction, confidence });

describe('baselines', () => {
  it('persistence errors on a hand-made series', () => {
    const e = persistenceErrors(origins.map((t) => closes[t]!), origins.map((t) => closes[t + 1]!));
    expect(e.mape).toBeCloseTo(persistenceMape, 12);
    expect(e.mae).toBeCloseTo(1.25, 12);
    expect(e.rmse).toBeCloseTo(Math.sqrt((1 + 4 + 1 + 1) / 4), 12);
  });

  it('direction: the better of always-up (2/4) and same-as-today (1/4)', () => {
    const today = origins.map((t) => Math.log(closes[t]! / closes[t - 1]!)); // up, down, up, up
    const next = origins.map((t) => Math.log(closes[t + 1]! / closes[t]!)); // down, up, up, down
    expect(directionBaseline(today, next)).toEqual({ name: 'always-up', accuracy: 0.5, alwaysUp: 0.5, sameAsToday: 0.25 });
    // A trending series favours same-as-today.
    expect(directionBaseline([1, 1, -1, -1], [1, -1, -1, -1])).toMatchObject({ name: 'same-as-today', accuracy: 0.75, alwaysUp: 0.25 });
  });

  it('scores a zero-return forecast as exactly the persistence baseline (skill 0)', () => {
    const r = scoreForecasts('X', bars, origins.map((t) => fc(t, 0, 'up')), { from: '1990-01-01', to: '2000-01-01' });
    expect(r.range).toEqual({ from: bars[2]?.date, to: bars[5]?.date, n: 4 });
    expect(r.model.mape).toBeCloseTo(persistenceMape, 12);
    expect(r.skill.mape).toBeCloseTo(0, 12);
    expect(r.model.directionAccuracy).toBe(0.5);
    expect(r.skill.direction).toBeCloseTo(0, 12);
    expect(r.overlapsTraining).toBe(false);
  });

  it('scores a perfect forecast with zero error, full accuracy and positive skill', () => {
    const perfect = origins.map((t) => {
      const r = Math.log(closes[t + 1]! / closes[t]!);
      return fc(t, r, r > 0 ? 'up' : 'down', 0.95);
    });
    const r = scoreForecasts('X', bars, perfect, { from: bars[0]!.date, to: bars[3]!.date });
    expect(r.model.mape).toBeCloseTo(0, 12);
    expect(r.model.directionAccuracy).toBe(1);
    expect(r.skill).toMatchObject({ mape: 1, direction: 1 });
    expect(r.model.brier).toBeCloseTo(0.0025, 12);
    expect(r.overlapsTraining).toBe(true);
    // Sessions that lie wholly outside the fitted span were never seen.
    expect(scoreForecasts('X', bars, perfect, { from: '2099-01-01', to: '2099-12-31' }).overlapsTraining).toBe(false);
  });
});
