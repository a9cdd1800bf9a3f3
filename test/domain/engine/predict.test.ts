import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSamples } from '../../../domain/engine/dataset.js';
import { disposeEnsemble, ensembleLookback, forecast, type EnsembleModel } from '../../../domain/engine/ensemble.js';
import { InsufficientHistoryError } from '../../../domain/engine/errors.js';
import { dailyForecasts } from '../../../domain/engine/daily-forecasts.js';
import { evaluateModel } from '../../../domain/engine/evaluate.js';
import { predictNext } from '../../../domain/engine/predict.js';
import { trainModel } from '../../../domain/engine/train.js';
import { syntheticBars, TINY } from './helpers.js';
import { at } from '../../helpers/at.js';

const bars = syntheticBars(420, 31);

describe('predictNext and evaluateModel', () => {
  let model: EnsembleModel;
  const barAt = (i: number) => {
    const bar = bars[i];
    if (!bar) throw new RangeError(`test bars have no index ${i} (${bars.length} bars)`);
    return bar;
  };
  beforeAll(async () => {
    model = await trainModel({ bars, symbol: 'PRD', seed: 5, epochs: 2, ...TINY });
  });
  afterAll(() => disposeEnsemble(model));

  it('forecasts the session after the last bar, consistently', () => {
    const p = predictNext(model, bars);
    const last = barAt(bars.length - 1);
    expect(p).toMatchObject({ symbol: 'PRD', asOf: last.date, lastClose: last.close, recipe: 'ens-gru4+ridge-v1' });
    expect(p.forecastClose).toBeCloseTo(last.close * Math.exp(p.predictedReturn), 10);
    expect(p.confidence).toBeGreaterThan(0);
    expect(p.confidence).toBeLessThan(1);
    expect(['up', 'down', 'none']).toContain(p.direction);
    expect(p.confidence).toBeGreaterThanOrEqual(0.5);
    expect(p.targetDate > p.asOf).toBe(true);
  });

  it('as of a date uses only bars up to it (later bars change nothing)', () => {
    const asOf = barAt(300).date;
    const truncated = predictNext(model, bars.slice(0, 301));
    expect(predictNext(model, bars, { asOf })).toEqual(truncated);
    const wild = bars.map((b, i) => (i > 300 ? { ...b, close: b.close * 2 } : b));
    expect(predictNext(model, wild, { asOf })).toEqual(truncated);
  });

  it('walk-forward: each evaluated session is forecast exactly as predictNext would as of the day before', () => {
    const samples = buildSamples(bars, ensembleLookback(model.members));
    const origins = [350, 380, 418];
    const batch = forecast(model, samples, origins);
    origins.forEach((t, i) => {
      const p = predictNext(model, bars, { asOf: barAt(t).date });
      expect(p.predictedReturn).toBeCloseTo(at(batch, i).predictedReturn, 6);
      expect(p.direction).toBe(at(batch, i).direction);
    });
  });

  it('re-evaluates on any date range, flagging overlap with the fitted period', () => {
    const r = evaluateModel(model, bars, { from: barAt(400).date, to: barAt(409).date });
    expect(r.range).toEqual({ from: barAt(400).date, to: barAt(409).date, n: 10 });
    // The served model was refitted through the last bar: every session is one it has seen.
    expect(r.overlapsTraining).toBe(true);
    expect(r.baselines.direction.accuracy).toBeGreaterThan(0);
    expect(evaluateModel(model, bars, { to: barAt(200).date }).overlapsTraining).toBe(true);
    // Sessions after its data are out of sample.
    const later = [...bars, ...syntheticBars(20, 99, { start: '2021-08-12', startPrice: barAt(bars.length - 1).close })];
    expect(evaluateModel(model, later, { from: later[425]?.date }).overlapsTraining).toBe(false);
  });

  it('dailyForecasts lists the same walk-forward forecasts evaluateModel scores', () => {
    const range = { from: barAt(380).date, to: barAt(419).date };
    const days = dailyForecasts(model, bars, range);
    const report = evaluateModel(model, bars, range);
    expect(days).toHaveLength(report.range.n);
    expect(days[0]?.date).toBe(range.from);
    expect(days[0]).toMatchObject({ previousClose: barAt(378).close, lastClose: barAt(379).close, actualClose: barAt(380).close });
    expect(days.filter((d) => d.directionCorrect).length / days.length).toBeCloseTo(report.model.directionAccuracy, 12);
    expect(days.reduce((s, d) => s + d.ape, 0) / days.length).toBeCloseTo(report.model.mape, 12);
    expect(days[5]?.forecastClose).toBeCloseTo(predictNext(model, bars, { asOf: barAt(384).date }).forecastClose, 6);
    expect(dailyForecasts(model, bars, { from: '2999-01-01' })).toEqual([]);
  });

  it('needs a full feature window to forecast', () => {
    expect(() => predictNext(model, bars.slice(0, 40))).toThrow(InsufficientHistoryError);
    expect(() => predictNext(model, bars.slice(0, 40))).toThrow(/PRD: 40 usable sessions, at least 59 needed/);
  });
});
