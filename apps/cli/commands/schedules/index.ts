/** `stockflow schedules …`: the command group and its subcommands, each module loaded only when it runs. */
import type { CommandGroup } from '../../lib/command.js';

const group: CommandGroup = {
  usage: '<apply|list|describe ID|pause ID|unpause ID|trigger ID|delete ID|delete --all>',
  examples: [
    'stockflow schedules apply',
    'stockflow schedules list',
    'stockflow schedules pause weekly-training --note "holiday"',
    'stockflow schedules trigger monitoring',
    'stockflow schedules delete --all',
  ],
  subcommands: {
    apply: {
      summary: 'create or update the four schedules from the configuration (idempotent)',
      load: async () => (await import('./apply.js')).default,
    },
    list: {
      summary: 'list the schedules with state and next run time',
      load: async () => (await import('./list.js')).default,
    },
    describe: {
      summary: 'one schedule in detail: next run times, recent runs, policies',
      load: async () => (await import('./describe.js')).default,
    },
    pause: {
      summary: 'pause a schedule (with a note saying why)',
      load: async () => (await import('./pause.js')).default,
    },
    unpause: {
      summary: 'resume a paused schedule',
      load: async () => (await import('./unpause.js')).default,
    },
    trigger: {
      summary: 'run a schedule\'s workflow now (skipped when a run of it is still going)',
      load: async () => (await import('./trigger.js')).default,
    },
    delete: {
      summary: 'delete one schedule, or all four with --all (running workflows keep running)',
      load: async () => (await import('./delete.js')).default,
    },
  },
};

export default group;
