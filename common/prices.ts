/** Price data types shared by every part: a validated daily bar and the plausibility rule. */

/** One validated daily bar. Dates are ISO `YYYY-MM-DD` exchange session dates. */
export interface PriceBar {
  date: string;
  open: number;
  high: number;
  low: number;
  close: number;
  /** Split- and dividend-adjusted close. */
  adjClose: number;
  volume: number;
}

/**
 * When a provider's bars are too implausible to be real (config `marketData`). Both limits
 * are factors, applied either way: a move from 100 to 1000 and from 100 to 10 are both 10×.
 */
export interface PlausibilityRule {
  /**
   * Largest factor between consecutive sessions' closes (and adjusted closes), and between a
   * session's high and low. 10× is ~|log return| 2.3; the largest real moves of liquid stocks
   * are ~2–3× in a day.
   */
  maxSessionMove: number;
  /**
   * Largest adjClose / close. Dividend adjustment only lowers adjClose (decades of dividends
   * can take it to a small fraction of close), so only a ratio above this is refused.
   */
  maxAdjCloseRatio: number;
}

export const DEFAULT_PLAUSIBILITY_RULE: PlausibilityRule = { maxSessionMove: 10, maxAdjCloseRatio: 2 };
