import YahooFinance from 'yahoo-finance2';
import { DEFAULT_PLAUSIBILITY_RULE, type PlausibilityRule, type PriceBar } from '../../common/prices.js';
import { UnknownSymbolError } from '../../common/errors.js';
import { addDays, isoDateToUtcMs } from '../../common/iso-date.js';
import { assertSymbol } from '../../common/symbol.js';
import { dateInTimeZone } from '../../common/time-zone.js';
import { assertRange, filterRange } from './date-range.js';
import { type DateRange, type MarketDataLogger, type PriceSource } from './price-source.js';
import { assertValidBars } from './validate.js';
import { chartToCandidates } from './yahoo-bars.js';
import { classifyYahooError, type FetchLike, isEmptyRangeError, isRetriedOnce, strictFetch } from './yahoo-errors.js';

export interface YahooSourceOptions {
  /** HTTP fetch used for every request; tests inject recorded responses. Default: global fetch. */
  fetch?: FetchLike;
  /** Per-request timeout. Default 30 s. */
  timeoutMs?: number;
  logger?: MarketDataLogger;
  /** Bars too implausible to be real are refused (config `marketData`). Default `DEFAULT_PLAUSIBILITY_RULE`. */
  plausibility?: PlausibilityRule;
  /** The clock that says what "today" is: a bar dated after today (exchange time) is refused. */
  now?: () => Date;
}

type YahooClient = InstanceType<typeof YahooFinance>;

/**
 * `yahoo` — daily bars from yahoo-finance2's `chart()` (the `historical()` module is gone).
 * `close`/OHLC/volume are split-adjusted as Yahoo's chart returns them; `adjClose` is Yahoo's
 * split- and dividend-adjusted `adjclose`. The chart endpoint needs no cookie/crumb.
 */
export class YahooPriceSource implements PriceSource {
  readonly name = 'yahoo';
  private readonly client: YahooClient;
  private readonly timeoutMs: number;
  private readonly logger: MarketDataLogger;
  private readonly plausibility: PlausibilityRule;
  private readonly now: () => Date;

  constructor(options: YahooSourceOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.logger = options.logger ?? console;
    this.plausibility = options.plausibility ?? DEFAULT_PLAUSIBILITY_RULE;
    this.now = options.now ?? (() => new Date());
    const inner = options.fetch ?? ((input, init) => fetch(input, init));
    this.client = new YahooFinance({
      suppressNotices: ['yahooSurvey'],
      // We validate and report bars ourselves; its schema failures still throw, quietly.
      validation: { logErrors: false, logOptionsErrors: false, allowAdditionalProps: true },
      logger: { info: noop, warn: noop, error: noop, debug: noop, dir: noop },
      // yahoo-finance2 3.15 takes a per-instance `fetch` option (3.4 needed its private
      // `_env.fetch` swapped): the injection stays local, no global fetch patching.
      fetch: strictFetch(inner, this.timeoutMs) as typeof fetch,
    });
  }

  async fetchBars(symbol: string, range?: DateRange): Promise<PriceBar[]> {
    assertSymbol(symbol, (reason) => new UnknownSymbolError(symbol, this.name, reason));
    assertRange(range);
    if (range?.from && range.to && range.from > range.to) return [];

    // period1/period2 are UTC instants; [from 00:00Z, to+1 00:00Z) covers every session dated
    // within the range for exchanges from the Americas to Asia. The exact range is applied
    // again on exchange-local dates below.
    const period1 = range?.from ? isoDateToUtcMs(range.from) / 1000 : 0;
    const period2 = range?.to ? isoDateToUtcMs(addDays(range.to, 1)) / 1000 : undefined;

    const chart = await this.requestChart(symbol, period1, period2);
    if (chart === null) return [];

    const { rows, timeZone, droppedEmpty, droppedIncomplete } = chartToCandidates(chart);
    if (droppedEmpty.length > 0) {
      this.logger.warn(
        `yahoo ${symbol}: dropped ${droppedEmpty.length} empty (all-null) row(s) outside trading sessions: ${summarize(droppedEmpty)}`,
      );
    }
    if (droppedIncomplete) {
      this.logger.warn(`yahoo ${symbol}: dropped the bar of ${droppedIncomplete}, a session still in progress`);
    }
    const bars = assertValidBars(symbol, `yahoo chart ${symbol}`, rows, {
      latestDate: dateInTimeZone(this.now(), timeZone),
      plausibility: this.plausibility,
    });
    return filterRange(bars, range);
  }

  /**
   * One chart request; `null` for Yahoo's "no bars in this window". A response of the wrong
   * shape or a refusal (401/403/redirect) is asked once more — Yahoo serves an odd bad answer
   * now and then — and then fails for good, so a changed API is not retried for minutes.
   */
  private async requestChart(symbol: string, period1: number, period2: number | undefined) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.client.chart(symbol, {
          period1,
          ...(period2 !== undefined ? { period2 } : {}),
          interval: '1d',
          events: 'div|split',
          includePrePost: false,
          return: 'array',
        });
      } catch (err) {
        if (isEmptyRangeError(err)) return null;
        const error = classifyYahooError(err, symbol, this.timeoutMs);
        if (attempt > 1 || !isRetriedOnce(error)) throw error;
        this.logger.warn(`yahoo ${symbol}: ${error.message}; asking once more`);
      }
    }
  }
}

function noop(): void {}

function summarize(dates: string[]): string {
  return dates.length <= 5 ? dates.join(', ') : `${dates.slice(0, 5).join(', ')}, …`;
}
