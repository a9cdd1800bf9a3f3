/** `stockflow train SYMBOL…`: the trainSymbols workflow with full epochs (Temporal loaded only when it runs). */
import { defineCommand, WAIT_ARGS } from '../lib/command.js';
import { parseSymbols } from '../lib/values.js';

export default defineCommand({
  usage: 'SYMBOL… [--force] [--no-wait]',
  details:
    'Starts the trainSymbols workflow, which runs one retrainSymbol child per symbol: back up the champion, '
    + 'train a challenger, evaluate both on the same held-out days, promote or keep. Waits and shows each '
    + 'symbol\'s stage and epochs unless --no-wait. Exit 1 when any retrain failed.',
  args: {
    ...WAIT_ARGS,
    force: { type: 'boolean', description: 'train now even during market hours (skip the wait for the close)' },
  },
  positionals: { min: 1, max: Infinity, name: 'SYMBOL' },
  examples: ['stockflow train AAPL MSFT', 'stockflow train NVDA --force --no-wait', 'stockflow train SPY --json'],
  async run({ args }, ctx) {
    const symbols = parseSymbols(args._, ctx.config());
    const { noteUnlisted, runTraining } = await import('../lib/training.js');
    noteUnlisted(ctx, symbols);
    return runTraining(ctx, { symbols, quick: false, force: !!args.force, wait: args.wait });
  },
});
