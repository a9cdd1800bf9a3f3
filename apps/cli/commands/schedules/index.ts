import { defineCommand } from '../../lib/command.js';
import { usageError } from '../../lib/errors.js';
import apply from './apply.js';
import del from './delete.js';
import describe from './describe.js';
import list from './list.js';
import pause from './pause.js';
import trigger from './trigger.js';
import unpause from './unpause.js';

const subcommands = { apply, list, describe, pause, unpause, trigger, delete: del };

export default defineCommand({
  name: 'schedules',
  summary: 'manage the Temporal Schedules that replace cron: apply, list, describe, pause, unpause, trigger, delete',
  usage: '<apply|list|describe ID|pause ID|unpause ID|trigger ID|delete ID|delete --all>',
  options: {},
  positionals: { min: 1, max: Infinity, name: 'SUBCOMMAND' },
  examples: [
    'stockflow schedules apply',
    'stockflow schedules list',
    'stockflow schedules pause weekly-training --note "holiday"',
    'stockflow schedules trigger monitoring',
    'stockflow schedules delete --all',
  ],
  subcommands,
  async run() {
    throw usageError('MISSING_SUBCOMMAND', 'schedules needs a subcommand', `One of: ${Object.keys(subcommands).join(', ')}`);
  },
});
