import { defineCommand, WAIT_OPTIONS } from '../lib/command.js';
import { noteUnlisted, runTraining } from '../lib/training.js';
import { parseSymbols } from '../lib/values.js';

export default defineCommand({
  name: 'quick-train',
  summary: 'retrain the given symbols with the quick epoch count (training.quickEpochs, 10 by default)',
  usage: 'SYMBOL… [--force] [--no-wait]',
  description: 'Like `train`, with fewer epochs: for trying a symbol out. The same promotion gate decides.',
  options: {
    ...WAIT_OPTIONS,
    force: { type: 'boolean', description: 'train now even during market hours (skip the wait for the close)' },
  },
  positionals: { min: 1, max: Infinity, name: 'SYMBOL' },
  examples: ['stockflow quick-train AMZN', 'stockflow quick-train AMZN AUR --json'],
  async run({ values, positionals }, ctx) {
    const symbols = parseSymbols(positionals, ctx.config());
    noteUnlisted(ctx, symbols);
    return runTraining(ctx, { symbols, quick: true, force: !!values.force, wait: !values['no-wait'] });
  },
});
