import { describe, expect, it } from 'vitest';
import { isWeekend } from '../../../common/iso-date.js';
import { SyntheticPriceSource } from '../../../domain/prices/synthetic-source.js';
import { validateBars } from '../../../domain/prices/validate.js';

describe('synthetic source', () => {
  it('same seed and symbol give identical bars, across instances', async () => {
    const a = await new SyntheticPriceSource({ seed: 7 }).fetchBars('AAPL');
    const b = await new SyntheticPriceSource({ seed: 7 }).fetchBars('AAPL');
    expect(a).toEqual(b);
    expect(a).toHaveLength(1500);
  });

  it('the symbol and the seed each change the path', async () => {
    const base = await new SyntheticPriceSource({ seed: 7 }).fetchBars('AAPL');
    const otherSymbol = await new SyntheticPriceSource({ seed: 7 }).fetchBars('MSFT');
    const otherSeed = await new SyntheticPriceSource({ seed: 8 }).fetchBars('AAPL');
    expect(otherSymbol[0]?.close).not.toBe(base[0]?.close);
    expect(otherSeed[0]?.close).not.toBe(base[0]?.close);
  });

  it('is pinned: a generator change that alters existing seeds fails here', async () => {
    const bars = await new SyntheticPriceSource({ seed: 42, days: 3, endDate: '2024-01-05' }).fetchBars('TEST');
    expect(bars.map((b) => b.date)).toEqual(['2024-01-03', '2024-01-04', '2024-01-05']);
    expect(bars.map((b) => Number(b.close.toFixed(6)))).toMatchInlineSnapshot(`
      [
        122.976155,
        123.090718,
        123.717426,
      ]
    `);
  });

  it('produces business days only, ending on the end date (or the Friday before it)', async () => {
    const bars = await new SyntheticPriceSource({ days: 300, endDate: '2024-06-30' }).fetchBars('SPY'); // a Sunday
    expect(bars.at(-1)?.date).toBe('2024-06-28');
    expect(bars.some((b) => isWeekend(b.date))).toBe(false);
  });

  it('bars are valid and look like a market: OHLC consistent, volume tracks the size of the move', async () => {
    const bars = await new SyntheticPriceSource({ seed: 3, days: 2000 }).fetchBars('NVDA');
    expect(validateBars('NVDA', bars).invalid).toEqual([]);
    expect(bars.every((b) => Number.isInteger(b.volume) && b.volume > 0)).toBe(true);
    const moves = bars.slice(1).map((b, i) => Math.abs(Math.log(b.close / bars[i]!.close)));
    const sorted = [...moves].sort((x, y) => x - y);
    const median = sorted[Math.floor(sorted.length / 2)];
    expect(median).toBeGreaterThan(0.003);
    expect(median).toBeLessThan(0.03);
    // Volatility regimes: some 50-day windows are much calmer than others.
    const windowVol = (from: number) => Math.sqrt(moves.slice(from, from + 50).reduce((s, m) => s + m * m, 0) / 50);
    const vols = Array.from({ length: Math.floor(moves.length / 50) }, (_, k) => windowVol(k * 50));
    expect(Math.max(...vols) / Math.min(...vols)).toBeGreaterThan(2);
  });

  it('a range is a slice of the one fixed history', async () => {
    const source = new SyntheticPriceSource({ seed: 5 });
    const all = await source.fetchBars('AMZN');
    const slice = await source.fetchBars('AMZN', { from: '2024-01-01', to: '2024-03-31' });
    expect(slice.length).toBeGreaterThan(55);
    expect(slice).toEqual(all.filter((b) => b.date >= '2024-01-01' && b.date <= '2024-03-31'));
  });

  it('refuses a bad seed', () => {
    expect(() => new SyntheticPriceSource({ seed: -1 })).toThrow(/seed -1 must be an integer/);
  });
});
