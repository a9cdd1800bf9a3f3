/** `stockflow train-all`: the trainSymbols workflow over every configured symbol. */
import { defineCommand, WAIT_ARGS } from '../lib/command.js';

export default defineCommand({
  usage: '[--quick] [--force] [--no-wait]',
  args: {
    ...WAIT_ARGS,
    quick: { type: 'boolean', description: 'use the quick epoch count' },
    force: { type: 'boolean', description: 'train now even during market hours (skip the wait for the close)' },
  },
  positionals: { min: 0, max: 0, name: '' },
  examples: ['stockflow train-all', 'stockflow train-all --quick --no-wait'],
  async run({ args }, ctx) {
    const { runTraining } = await import('../lib/training.js');
    return runTraining(ctx, { symbols: undefined, quick: !!args.quick, force: !!args.force, wait: args.wait });
  },
});
