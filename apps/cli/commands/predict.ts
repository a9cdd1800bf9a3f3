/** `stockflow predict SYMBOL…`: the stored forecast of each symbol's champion, from the history database. */
import type { PriceInterval } from '../../../common/wire/index.js';
import type { PredictionRecord } from '../../../domain/history/index.js';
import { nextTradingDay } from '../../../domain/market-hours/index.js';
import { defineCommand } from '../lib/command.js';
import { CliError, EXIT } from '../lib/errors.js';
import { pct, table } from '../lib/format.js';
import { openHistory } from '../lib/stores.js';
import { parseSymbols } from '../lib/values.js';

/** A price as a person reads it: cents below 100, one decimal below 1,000, whole above. */
export function price(v: number): string {
  const abs = Math.abs(v);
  return v.toFixed(abs < 100 ? 2 : abs < 1000 ? 1 : 0);
}

export default defineCommand({
  usage: 'SYMBOL…',
  details:
    'Prints the latest forecast recorded in the history database (written after every retrain and '
    + 'price refresh): the session it is for, forecast close with its 80% and 95% intervals, direction '
    + '("none" when the model has no directional information beyond the base rate), calibrated confidence '
    + '(≥ 50%), model version and the last trading day of data it used. Exit 4 when a symbol has no forecast yet.',
  args: {},
  positionals: { min: 1, max: Infinity, name: 'SYMBOL' },
  examples: ['stockflow predict SPY', 'stockflow predict NVDA TSLA --json'],
  async run({ args }, ctx) {
    const symbols = parseSymbols(args._, ctx.config());
    const history = await openHistory(ctx);
    const found = symbols.map((symbol) => ({ symbol, prediction: history?.latestPrediction(symbol) ?? null }));
    const missing = found.filter((f) => !f.prediction).map((f) => f.symbol);
    if (missing.length === symbols.length) {
      throw new CliError(EXIT.notFound, 'NO_FORECAST', `no stored forecast for ${missing.join(', ')}`,
        `Train a model first: stockflow train ${missing.join(' ')}`);
    }
    const predictions = found.filter((f): f is { symbol: string; prediction: PredictionRecord } => !!f.prediction).map(({ prediction: p }) => ({
      symbol: p.symbol, forecastClose: p.forecastClose, lastClose: p.lastClose, direction: p.direction, confidence: p.confidence,
      intervals: p.intervals, modelVersion: p.modelVersion, asOf: p.asOf,
      // The NYSE session the forecast is for: stored with it, else the first session after asOf.
      targetDate: p.targetDate ?? nextTradingDay(p.asOf), createdAt: p.createdAt,
    }));
    const range = (i: PriceInterval | undefined) => (i ? `${price(i.low)}–${price(i.high)}` : '—');
    // Ten facts per symbol in 100 columns: direction and confidence share a cell, prices keep four or five significant digits.
    const lines = table(['symbol', 'for', 'forecast close', '80% interval', '95% interval', 'last close', 'direction', 'model', 'data as of'], predictions.map((p) => [
      p.symbol, p.targetDate, price(p.forecastClose), range(p.intervals?.p80), range(p.intervals?.p95),
      p.lastClose === null ? '—' : price(p.lastClose), p.direction === 'none' ? 'none' : `${p.direction} ${pct(p.confidence, 0)}`, `v${p.modelVersion}`, p.asOf,
    ]));
    if (missing.length) lines.push(`no forecast yet for ${missing.join(', ')} (train with \`stockflow train ${missing.join(' ')}\`)`);
    return { data: { predictions, missing }, lines, exitCode: missing.length ? EXIT.notFound : EXIT.ok };
  },
});
