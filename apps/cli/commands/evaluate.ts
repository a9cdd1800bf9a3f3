/** `stockflow evaluate SYMBOL`: the backtestModel workflow, metrics beside the naive baselines. */
import type { BacktestInput, BacktestResult } from '../../../common/wire/index.js';
import { defineCommand, WAIT_ARGS } from '../lib/command.js';
import { usageError } from '../lib/errors.js';
import { num, pct, table } from '../lib/format.js';
import { awaitResult, noWaitResult, started } from '../lib/workflow-run.js';
import { parseDate, parsePositiveInt, parseSource, parseSymbol } from '../lib/values.js';

export default defineCommand({
  usage: 'SYMBOL [--version N] [--source csv:DIR|yahoo|synthetic] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--no-wait]',
  details:
    'Runs the backtestModel workflow: walk-forward evaluation of the champion (or --version N) on the '
    + 'configured price cache or another source. Metrics are printed beside persistence and the better '
    + 'naive direction rule on the same days, with n. Days the model was fitted or calibrated on are not '
    + 'an honest test: the output warns when the range overlaps them.',
  args: {
    ...WAIT_ARGS,
    version: { type: 'string', valueHint: 'N', description: 'model version to evaluate (default: the champion)' },
    source: { type: 'string', valueHint: 'SPEC', description: 'price source: csv:DIR, yahoo or synthetic[:SEED] (default: the configured cache)' },
    from: { type: 'string', valueHint: 'YYYY-MM-DD', description: 'first trading day to score' },
    to: { type: 'string', valueHint: 'YYYY-MM-DD', description: 'last trading day to score' },
  },
  positionals: { min: 1, max: 1, name: 'SYMBOL' },
  examples: [
    'stockflow evaluate SPY',
    'stockflow evaluate NVDA --version 3 --from 2025-01-02 --to 2025-06-30',
    'stockflow evaluate AAPL --source csv:./new-prices --json',
  ],
  async run({ args: values }, ctx) {
    const symbol = parseSymbol('evaluate', values._, ctx.config());
    const input: BacktestInput = { symbol };
    if (values.version !== undefined) input.version = parsePositiveInt('version', values.version);
    if (values.source !== undefined) input.source = parseSource(values.source);
    if (values.from !== undefined) input.from = parseDate('from', values.from);
    if (values.to !== undefined) input.to = parseDate('to', values.to);
    if (input.from && input.to && input.from > input.to) {
      throw usageError('BAD_DATE', `--from ${input.from} is after --to ${input.to}`, 'Swap them or pick another range');
    }

    const session = await ctx.temporal();
    const { startPipeline } = await import('../../../client/index.js');
    const handle = await startPipeline(session.client, 'backtestModel', input, { taskQueue: session.taskQueue });
    const run = started(session, 'backtestModel', handle);
    if (!values.wait) return noWaitResult(run, { input });
    const result = await awaitResult<BacktestResult>(ctx, run, handle, `evaluating ${symbol}${input.version ? ` v${input.version}` : ''}`);
    const warnings = result.overlapsTraining ? [OVERLAP_WARNING] : [];
    return { data: { waited: true, ...run, ...result, warnings }, lines: render(result) };
  },
});

const OVERLAP_WARNING = 'this range includes days the model was fitted or calibrated on, so these numbers flatter it; use days after its training data for an honest test';

function render(r: BacktestResult): string[] {
  const e = r.evaluation;
  const lines = [
    `${r.symbol} v${r.version} on ${r.source}: ${e.from} … ${e.to}, n = ${e.n} sessions`,
    ...table(['metric', 'model', 'baseline', 'skill'], [
      ['direction accuracy', pct(e.directionAccuracy), `${pct(e.baselineDirectionAccuracy)} (${e.baselineDirectionName})`, num(e.directionSkill)],
      ['  95% interval', `${pct(e.directionCi[0])}–${pct(e.directionCi[1])}`, '', ''],
      ['MAPE', pct(e.mape, 2), `${pct(e.persistenceMape, 2)} (persistence)`, num(e.mapeSkill)],
      ['MAE', num(e.mae), `${num(e.persistenceMae)} (persistence)`, ''],
      ['RMSE', num(e.rmse), '', ''],
      ['mean confidence', pct(e.meanConfidence), '', ''],
      ['Brier score', num(e.brier, 3), '', ''],
      ['calibration error (ECE)', num(e.ece, 3), '', ''],
    ]),
    'skill = 1 − model error / baseline error (> 0 beats the baseline)',
  ];
  if (r.overlapsTraining) {
    lines.push(`WARNING: ${OVERLAP_WARNING}`);
  }
  return lines;
}
