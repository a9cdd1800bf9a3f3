import { defineCommand, WAIT_OPTIONS } from '../lib/command.js';
import { runTraining } from '../lib/training.js';

export default defineCommand({
  name: 'train-all',
  summary: 'retrain every configured symbol (use the weekly schedule for "only what is due")',
  usage: '[--quick] [--force] [--no-wait]',
  options: {
    ...WAIT_OPTIONS,
    quick: { type: 'boolean', description: 'use the quick epoch count' },
    force: { type: 'boolean', description: 'train now even during market hours (skip the wait for the close)' },
  },
  positionals: { min: 0, max: 0, name: '' },
  examples: ['stockflow train-all', 'stockflow train-all --quick --no-wait'],
  async run({ values }, ctx) {
    return runTraining(ctx, { symbols: undefined, quick: !!values.quick, force: !!values.force, wait: !values['no-wait'] });
  },
});
