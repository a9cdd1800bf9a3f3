/** `stockflow quick-train SYMBOL…`: the trainSymbols workflow with the quick epoch count. */
import { defineCommand, WAIT_ARGS } from '../lib/command.js';
import { parseSymbols } from '../lib/values.js';

export default defineCommand({
  usage: 'SYMBOL… [--force] [--no-wait]',
  details: 'Like `train`, with fewer epochs: for trying a symbol out. The same promotion gate decides.',
  args: {
    ...WAIT_ARGS,
    force: { type: 'boolean', description: 'train now even during market hours (skip the wait for the close)' },
  },
  positionals: { min: 1, max: Infinity, name: 'SYMBOL' },
  examples: ['stockflow quick-train AMZN', 'stockflow quick-train AMZN AUR --json'],
  async run({ args }, ctx) {
    const symbols = parseSymbols(args._, ctx.config());
    const { noteUnlisted, runTraining } = await import('../lib/training.js');
    noteUnlisted(ctx, symbols);
    return runTraining(ctx, { symbols, quick: true, force: !!args.force, wait: args.wait });
  },
});
