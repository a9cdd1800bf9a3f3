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
