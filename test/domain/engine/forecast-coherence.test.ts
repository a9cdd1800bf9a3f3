import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dailyForecasts } from '../../../domain/engine/daily-forecasts.js';
import { returnForecast } from '../../../domain/engine/distribution.js';
import { disposeEnsemble, type EnsembleModel } from '../../../domain/engine/ensemble.js';
import { predictNext } from '../../../domain/engine/predict.js';
import { mulberry32 as createRng } from '../../../common/random.js';
import { trainModel } from '../../../domain/engine/train.js';
import { syntheticBars, TINY } from './helpers.js';
import { at } from '../../helpers/at.js';

const bars = syntheticBars(430, 17, { drift: 0.001 });
const last = at(bars, bars.length - 1).date;

describe('one coherent forecast', () => {
  it('holds as a property over many distributions: sign(expected change) = direction unless none, confidence ≥ 0.5, low < expected < high', () => {
    const rng = createRng(3);
    let stated = 0;
    for (let k = 0; k < 5000; k++) {
      const baseRate = 0.35 + 0.3 * rng();
      const directionBand = 0.05 * rng();
      const parts = {
        calibration: { kind: 'up-probability' as const, a: Math.log(baseRate / (1 - baseRate)), b: 2 * rng(), n: 100, baseRate },
        conformal: { kind: 'split-conformal' as const, multipliers: { p80: 0.5 + rng(), p95: 1.6 + rng() }, n: 100 },
        directionBand,
      };
      const f = returnForecast(parts, (rng() - 0.5) * 0.1, 0.001 + 0.05 * rng());
      expect(f.confidence).toBeGreaterThanOrEqual(0.5);
      expect(f.confidence).toBeCloseTo(Math.max(f.pUp, 1 - f.pUp), 12);
      if (f.direction !== 'none') {
        stated++;
        expect(Math.sign(f.predictedReturn)).toBe(f.direction === 'up' ? 1 : -1);
        expect(Math.abs(f.pUp - baseRate)).toBeGreaterThan(directionBand);
      } else {
        expect(Math.abs(f.pUp - baseRate) <= directionBand || f.pUp === 0.5).toBe(true);
      }
      expect(f.intervals.p95.low).toBeLessThan(f.intervals.p80.low);
      expect(f.intervals.p80.low).toBeLessThan(f.predictedReturn);
      expect(f.predictedReturn).toBeLessThan(f.intervals.p80.high);
      expect(f.intervals.p80.high).toBeLessThan(f.intervals.p95.high);
    }
    // Both kinds of answer occur, so the property was exercised on each.
    expect(stated).toBeGreaterThan(500);
    expect(stated).toBeLessThan(4500);
  });

  it('says "none" when the calibrated P(up) is within the band of the base rate', () => {
    const parts = {
      calibration: { kind: 'up-probability' as const, a: Math.log(0.54 / 0.46), b: 0.05, n: 250, baseRate: 0.54 },
      conformal: { kind: 'split-conformal' as const, multipliers: { p80: 1.2, p95: 2 }, n: 250 },
      directionBand: 0.05,
    };
    // x = 3: P(up) = σ(logit(0.54) + 0.15) ≈ 0.577, within 0.05 of the base rate.
    const f = returnForecast(parts, 0.03, 0.01);
    expect(f).toMatchObject({ direction: 'none', lean: 'up' });
    expect(f.confidence).toBeCloseTo(1 / (1 + Math.exp(-(Math.log(0.54 / 0.46) + 0.15))), 12);
    // The same probability with a narrower band: a stated "up", and the expected close above the last.
    const stated = returnForecast({ ...parts, directionBand: 0.02 }, 0.03, 0.01);
    expect(stated.direction).toBe('up');
    expect(stated.predictedReturn).toBeGreaterThan(0);
  });

  describe('a trained model', () => {
    let model: EnsembleModel;
    beforeAll(async () => {
      model = await trainModel({ bars, symbol: 'COH', seed: 4, epochs: 3, ...TINY });
    });
    afterAll(() => disposeEnsemble(model));

    it('serves a fit whose data ends at the last bar; the evaluated fit’s ends before the evaluation window', () => {
      const { fits, dataRange, evaluation } = model.metadata;
      expect(fits.served).not.toBeNull();
      expect(fits.served!.bars.to).toBe(last);
      expect(fits.served!.train.to).toBe(last);
      expect(fits.served!.validation).toBeNull();
      expect(fits.served!.calibratedOn).toEqual({ from: dataRange.validation.from, to: evaluation.range.to, n: dataRange.validation.n + evaluation.range.n });
      expect(fits.served!.epochs).toBe(Math.max(1, model.metadata.bestEpoch));
      expect(fits.evaluated.bars.to).not.toBe(last);
      expect(fits.evaluated.bars.to).toBe(dataRange.validation.to);
      expect(fits.evaluated.bars.to < evaluation.range.from).toBe(true);
      expect(evaluation.overlapsTraining).toBe(false);
    });

    it('every walk-forward forecast and the next-session one are coherent', () => {
      const days = dailyForecasts(model, bars);
      expect(days.length).toBeGreaterThan(300);
      const p = predictNext(model, bars);
      const all = [...days.map((d) => ({ ...d, direction: d.statedDirection })), p];
      for (const f of all) {
        if (f.direction !== 'none') expect(Math.sign(f.forecastClose - f.lastClose)).toBe(f.direction === 'up' ? 1 : -1);
        expect(f.confidence).toBeGreaterThanOrEqual(0.5);
        expect(f.intervals.p95.low).toBeLessThan(f.intervals.p80.low);
        expect(f.intervals.p80.low).toBeLessThan(f.forecastClose);
        expect(f.forecastClose).toBeLessThan(f.intervals.p80.high);
        expect(f.intervals.p80.high).toBeLessThan(f.intervals.p95.high);
      }
      expect(p).toMatchObject({ asOf: last, targetDate: '2021-08-26' });
      expect(p.expectedChange).toBeCloseTo(p.forecastClose / p.lastClose - 1, 12);
    });

    it('without the refit, the evaluated fit is served and no served fit is recorded', async () => {
      const evaluatedOnly = await trainModel({ bars, symbol: 'COH', seed: 4, epochs: 3, refit: false, ...TINY });
      try {
        expect(evaluatedOnly.metadata.fits.served).toBeNull();
        expect(evaluatedOnly.metadata.evaluation).toEqual(model.metadata.evaluation);
      } finally {
        disposeEnsemble(evaluatedOnly);
      }
    });
  });
});
