import { defineCommand, WAIT_OPTIONS } from '../lib/command.js';
import { noteUnlisted, runTraining } from '../lib/training.js';
import { parseSymbols } from '../lib/values.js';

export default defineCommand({
  name: 'train',
  summary: 'retrain models for the given symbols (full epochs) and promote them if they are better',
  usage: 'SYMBOL… [--force] [--no-wait]',
  description:
    'Starts the trainSymbols workflow, which runs one retrainSymbol child per symbol: back up the champion, '
    + 'train a challenger, evaluate both on the same held-out days, promote or keep. Waits and shows each '
    + 'symbol\'s stage and epochs unless --no-wait. Exit 1 when any retrain failed.',
  options: {
    ...WAIT_OPTIONS,
    force: { type: 'boolean', description: 'train now even during market hours (skip the wait for the close)' },
  },
  positionals: { min: 1, max: Infinity, name: 'SYMBOL' },
  examples: ['stockflow train AAPL MSFT', 'stockflow train NVDA --force --no-wait', 'stockflow train SPY --json'],
  async run({ values, positionals }, ctx) {
    const symbols = parseSymbols(positionals, ctx.config());
    noteUnlisted(ctx, symbols);
    return runTraining(ctx, { symbols, quick: false, force: !!values.force, wait: !values['no-wait'] });
  },
});
