/**
 * `stockflow evaluate SYMBOL`: the backtestModel workflow, metrics beside the naive baselines.
 * Without a range it scores only sessions the model never saw (lib/honest-range.ts).
 */
import type { BacktestInput, BacktestResult, EvaluationSummary } from '../../../common/wire/index.js';
import { defineCommand, WAIT_ARGS } from '../lib/command.js';
import { usageError } from '../lib/errors.js';
import { num, paragraph, pct, table } from '../lib/format.js';
import { honestRange, type HonestRange } from '../lib/honest-range.js';
import type { CommandContext } from '../lib/context.js';
import { awaitResult, noWaitResult, started } from '../lib/workflow-run.js';
import { parseDate, parsePositiveInt, parseSource, parseSymbol } from '../lib/values.js';

export default defineCommand({
  usage: 'SYMBOL [--version N] [--source csv:DIR|yahoo|synthetic] [--from YYYY-MM-DD] [--to YYYY-MM-DD | --all] [--no-wait]',
  details:
    'Runs the backtestModel workflow: walk-forward evaluation of the champion (or --version N) on the '
    + 'configured price cache or another source. Metrics are printed beside persistence and the better '
    + 'naive direction rule on the same days, with n. By default only days the model never saw are scored: '
    + 'its holdout, or for a model refitted on all its data the sessions since (none yet: the holdout '
    + 'scores recorded at training are shown). --from/--to pick other days, --all every day; days the '
    + 'model was fitted or calibrated on are not an honest test, and the output warns when the range overlaps them.',
  args: {
    ...WAIT_ARGS,
    version: { type: 'string', valueHint: 'N', description: 'model version to evaluate (default: the champion)' },
    source: { type: 'string', valueHint: 'SPEC', description: 'price source: csv:DIR, yahoo or synthetic[:SEED] (default: the configured cache)' },
    from: { type: 'string', valueHint: 'YYYY-MM-DD', description: 'first trading day to score' },
    to: { type: 'string', valueHint: 'YYYY-MM-DD', description: 'last trading day to score' },
    all: { type: 'boolean', description: 'score every day the data allows, training days included' },
  },
  positionals: { min: 1, max: 1, name: 'SYMBOL' },
  examples: [
    'stockflow evaluate SPY',
    'stockflow evaluate SPY --all',
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
    if (values.all && (input.from || input.to)) {
      throw usageError('BAD_VALUE', '--all scores every day; it cannot be combined with --from or --to', 'Drop --all, or drop --from/--to');
    }
    let range: RangeKind = values.all ? 'all' : input.from || input.to ? 'custom' : 'holdout';
    if (range === 'holdout') {
      const honest = await honestRangeOf(ctx, symbol, input.version);
      if (honest.range.kind === 'holdout') {
        input.from = honest.range.from;
        input.to = honest.range.to;
      } else if (input.source === undefined && !(await hasSessionsFrom(ctx, symbol, honest.range.from))) {
        return recordedHoldout(symbol, honest.version, honest.range, honest.recorded);
      } else {
        range = 'since-training';
        input.from = honest.range.from;
      }
    }

    const session = await ctx.temporal();
    const { startPipeline } = await import('../../../client/index.js');
    const handle = await startPipeline(session.client, 'backtestModel', input, { taskQueue: session.taskQueue });
    const run = started(session, 'backtestModel', handle);
    if (!values.wait) return noWaitResult(run, { input, range });
    const result = await awaitResult<BacktestResult>(ctx, run, handle, `evaluating ${symbol}${input.version ? ` v${input.version}` : ''}`);
    const warnings = result.overlapsTraining ? [OVERLAP_WARNING] : [];
    return { data: { waited: true, ...run, ...result, range, warnings }, lines: render(result, range) };
  },
});

/** Which days were scored: the default honest ones, the holdout recorded at training, or the caller's. */
type RangeKind = 'holdout' | 'since-training' | 'recorded-holdout' | 'custom' | 'all';

const RANGE_LABEL: Record<RangeKind, string> = {
  'holdout': 'its holdout, days it never saw',
  'since-training': 'the sessions since its training data ended',
  'recorded-holdout': 'its holdout, scored at training',
  'custom': 'the days asked for',
  'all': 'every day the data allows (--all)',
};

/** The model's honest range and its recorded holdout scores, from its metadata in the registry. */
async function honestRangeOf(ctx: CommandContext, symbol: string, version: number | undefined) {
  const { registry } = await ctx.services();
  const model = version === undefined ? registry.loadChampion(symbol) : registry.loadVersion(symbol, version);
  const { toEvaluationSummary } = await import('../../../domain/engine/evaluation-summary.js');
  return { version: model.version, range: honestRange(model.metadata), recorded: toEvaluationSummary(model.metadata.evaluation) };
}

/** Does the configured price cache hold a session on or after `from`? */
async function hasSessionsFrom(ctx: CommandContext, symbol: string, from: string): Promise<boolean> {
  const last = await (await ctx.services()).priceCache.lastDate(symbol);
  return last !== null && last >= from;
}

/** No session since a refitted model's data ended: its holdout as scored when it was trained. */
function recordedHoldout(symbol: string, version: number, range: Extract<HonestRange, { kind: 'since-training' }>, evaluation: EvaluationSummary) {
  const result: BacktestResult = { symbol, version, source: 'recorded at training', evaluation, overlapsTraining: false };
  return {
    data: { waited: false, ...result, range: 'recorded-holdout' as const, warnings: [] },
    lines: [
      ...paragraph(`no session since v${version} was trained (its data ends ${range.dataEnd}); the holdout scores recorded at training, by the fit evaluated before the served refit:`),
      ...render(result, 'recorded-holdout'),
    ],
  };
}

const OVERLAP_WARNING = 'this range includes days the model was fitted or calibrated on, so these numbers flatter it; use days after its training data for an honest test';

function render(r: BacktestResult, range: RangeKind): string[] {
  const e = r.evaluation;
  const lines = [
    ...paragraph(`${r.symbol} v${r.version} on ${r.source}: ${e.from} … ${e.to}, n = ${e.n} sessions (${RANGE_LABEL[range]})`),
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
    lines.push(...paragraph(`WARNING: ${OVERLAP_WARNING}`));
  }
  return lines;
}
