import { type PriceBar } from '../../common/prices.js';
import { addDays, isIsoDate, isWeekend } from '../../common/iso-date.js';
import { UnknownSymbolError } from '../../common/errors.js';
import { hash32, mulberry32, normalFrom } from '../../common/random.js';
import { assertSymbol } from '../../common/symbol.js';
import { assertRange, filterRange } from './date-range.js';
import { type DateRange, type PriceSource } from './price-source.js';
import { assertValidBars } from './validate.js';

export interface SyntheticOptions {
  /** Same seed + symbol → identical bars. Default 1. */
  seed?: number;
  /** Number of business days in the series. Default 1500 (about six years). */
  days?: number;
  /**
   * Last session of the series (moved back to a Friday if it falls on a weekend). Fixed by
   * default rather than "today", so a seed means the same bars on every run.
   */
  endDate?: string;
}

export const SYNTHETIC_DEFAULTS = { seed: 1, days: 1500, endDate: '2025-06-30' } as const;

interface Regime {
  drift: number;
  vol: number;
}

/** Calm uptrend, ordinary market, volatile drawdown; daily log-return drift and volatility. */
const REGIMES: readonly [Regime, ...Regime[]] = [
  { drift: 0.0008, vol: 0.009 },
  { drift: 0.0003, vol: 0.016 },
  { drift: -0.0012, vol: 0.035 },
];
const REGIME_PERSISTENCE = 0.985;

/**
 * `synthetic` / `synthetic:SEED` — a geometric random walk whose drift and volatility switch
 * between regimes (a Markov chain), with consistent OHLC (open gaps from the previous close,
 * high/low bracket both) and volume that rises with the size of the move. Business days only
 * (no holidays). The symbol is hashed into the seed, so each symbol has its own path. The whole
 * series is generated from its first day and then cut to the requested range, so any range
 * is a slice of one fixed history.
 */
export class SyntheticPriceSource implements PriceSource {
  readonly name: string;
  readonly seed: number;
  readonly days: number;
  readonly endDate: string;

  constructor(options: SyntheticOptions = {}) {
    this.seed = options.seed ?? SYNTHETIC_DEFAULTS.seed;
    this.days = options.days ?? SYNTHETIC_DEFAULTS.days;
    this.endDate = options.endDate ?? SYNTHETIC_DEFAULTS.endDate;
    if (!Number.isInteger(this.seed) || this.seed < 0 || this.seed > 0xffffffff) {
      throw new RangeError(`synthetic seed ${this.seed} must be an integer in [0, 4294967295]`);
    }
    if (!Number.isInteger(this.days) || this.days < 1) {
      throw new RangeError(`synthetic days ${this.days} must be a positive integer`);
    }
    if (!isIsoDate(this.endDate)) {
      throw new RangeError(`synthetic endDate ${JSON.stringify(this.endDate)} is not a YYYY-MM-DD date`);
    }
    this.name = `synthetic:${this.seed}`;
  }

  async fetchBars(symbol: string, range?: DateRange): Promise<PriceBar[]> {
    assertSymbol(symbol, (reason) => new UnknownSymbolError(symbol, this.name, reason));
    assertRange(range);
    return filterRange(this.generate(symbol), range);
  }

  /** The full series for a symbol. */
  generate(symbol: string): PriceBar[] {
    const uniform = mulberry32(hash32(`${this.seed}:${symbol}`));
    const normal = normalFrom(uniform);
    const dates = businessDaysEndingAt(this.endDate, this.days);

    let close = 10 + uniform() * 190;
    const baseVolume = 1e6 * (1 + uniform() * 49);
    let regime = Math.floor(uniform() * REGIMES.length);
    const bars: PriceBar[] = [];
    for (const date of dates) {
      if (uniform() > REGIME_PERSISTENCE) {
        regime = (regime + 1 + Math.floor(uniform() * (REGIMES.length - 1))) % REGIMES.length;
      }
      const { drift, vol } = REGIMES[regime] ?? REGIMES[0]; // regime is always an index of REGIMES
      const gap = 0.25 * vol * normal();
      const intraday = drift - (vol * vol) / 2 + vol * normal();
      const open = close * Math.exp(gap);
      close = open * Math.exp(intraday);
      const high = Math.max(open, close) * Math.exp(Math.abs(normal()) * vol * 0.4);
      const low = Math.min(open, close) * Math.exp(-Math.abs(normal()) * vol * 0.4);
      const move = Math.abs(gap + intraday) / vol;
      const volume = Math.round(baseVolume * Math.exp(0.25 * normal()) * (1 + 0.5 * move));
      bars.push({ date, open, high, low, close, adjClose: close, volume });
    }
    // Cheap insurance that the generator keeps the invariants every other source promises.
    return assertValidBars(symbol, this.name, bars);
  }
}

function businessDaysEndingAt(endDate: string, count: number): string[] {
  const out: string[] = [];
  let d = endDate;
  while (out.length < count) {
    if (!isWeekend(d)) out.push(d);
    d = addDays(d, -1);
  }
  return out.reverse();
}
