import { describe, expect, it } from 'vitest';
import { splitChronologically, DEFAULT_SPLIT, minBarsToTrain } from '../../../domain/engine/dataset.js';
import { InsufficientHistoryError } from '../../../domain/engine/errors.js';
import { usableHistory } from '../../../domain/engine/history.js';
import { trainModel } from '../../../domain/engine/train.js';
import { StockflowError } from '../../../common/errors.js';
import { barsFromCloses, syntheticBars, TINY } from './helpers.js';

describe('usable history', () => {
  it('drops bars before a known listing date (MP before 2020-11-17)', () => {
    const bars = syntheticBars(300, 1, { start: '2020-06-22' });
    const u = usableHistory(bars, { symbol: 'MP' });
    expect(u.bars[0]?.date).toBe('2020-11-17');
    expect(u.reason).toBe('known-listing');
    expect(u.dropped).toBe(bars.findIndex((b) => b.date === '2020-11-17'));
  });

  it('detects a leading flat blank-cheque stretch for an unknown symbol', () => {
    const flat = Array.from({ length: 80 }, (_, i) => 10 + (i % 2 ? 0.01 : 0));
    const live = syntheticBars(200, 2, { startPrice: 10 }).map((b) => b.close);
    const u = usableHistory(barsFromCloses([...flat, ...live]), { symbol: 'NEWCO' });
    expect(u.reason).toBe('flat-stretch');
    expect(u.dropped).toBeGreaterThanOrEqual(70);
    expect(u.dropped).toBeLessThanOrEqual(82);
  });

  it('gives the same bars when a saved cut is applied again (no second flat-stretch pass)', () => {
    const flat = (n: number, at: number) => Array.from({ length: n }, (_, i) => at + (i % 2 ? 0.01 : 0));
    const live = syntheticBars(200, 3, { startPrice: 12 }).map((b) => b.close);
    const bars = barsFromCloses([...flat(80, 10), ...flat(40, 12), ...live]);
    const first = usableHistory(bars, { symbol: 'NEWCO' });
    const again = usableHistory(bars, { symbol: 'NEWCO', listedSince: first.bars[0]?.date });
    expect(again.bars[0]?.date).toBe(first.bars[0]?.date);
    expect(again.dropped).toBe(first.dropped);
  });

  it('keeps a normal history whole, including a calm period later on', () => {
    const normal = syntheticBars(100, 4).map((b) => b.close);
    const calm = Array.from({ length: 60 }, () => normal[99]!);
    const u = usableHistory(barsFromCloses([...normal, ...calm, ...normal]), { symbol: 'SPY' });
    expect(u).toMatchObject({ dropped: 0, reason: 'full' });
  });
});

describe('minimum history', () => {
  it('splits chronologically: train < validation < evaluation, evaluation = the most recent evalDays', () => {
    const s = splitChronologically('X', 3000, DEFAULT_SPLIT);
    expect(s.evaluation).toEqual({ start: 2750, end: 3000 });
    expect(s.validation).toEqual({ start: 2500, end: 2750 });
    expect(s.train).toEqual({ start: 1000, end: 2500 });
  });

  it('shrinks evaluation and validation toward their minimums on short histories', () => {
    const s = splitChronologically('SMR', 700, DEFAULT_SPLIT);
    expect(s.evaluation.end - s.evaluation.start).toBe(250);
    expect(s.validation.end - s.validation.start).toBeGreaterThanOrEqual(DEFAULT_SPLIT.minValDays);
    expect(s.train.end - s.train.start).toBeGreaterThanOrEqual(DEFAULT_SPLIT.minTrainDays);
  });

  it('throws InsufficientHistoryError naming symbol, rows available and rows needed', () => {
    const bars = syntheticBars(minBarsToTrain(DEFAULT_SPLIT) - 1, 5);
    let err: unknown;
    try {
      splitChronologically('TINY', bars.length - 69, DEFAULT_SPLIT);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InsufficientHistoryError);
    expect(err).toBeInstanceOf(StockflowError);
    expect(err).toMatchObject({ name: 'InsufficientHistoryError', symbol: 'TINY', rowsAvailable: bars.length, rowsNeeded: minBarsToTrain(DEFAULT_SPLIT), permanent: true });
    expect((err as Error).message).toContain('TINY');
  });

  it('trainModel refuses too short a history after the pre-listing cut', async () => {
    // SMR's bars before 2022-05-03 are a blank-cheque company: only 100 real sessions remain.
    const bars = syntheticBars(400, 6, { start: '2021-09-01' }).filter((b) => b.date < '2022-09-22');
    await expect(trainModel({ bars, symbol: 'SMR', epochs: 1, ...TINY })).rejects.toMatchObject({
      name: 'InsufficientHistoryError',
      symbol: 'SMR',
      rowsNeeded: minBarsToTrain({ ...DEFAULT_SPLIT, ...TINY.split }),
    });
  });
});
