import type { Command, OptionSpecs } from '../lib/command';

/**
 * Every command, in the order `--help` lists them. Loaded on demand so that a short command
 * does not pay for the imports of all the others (~0.4 s per process). `require`, not
 * `import()`: under tsx's CommonJS hook a dynamic import is real ESM resolution, which does not
 * accept our extensionless paths.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
export const COMMANDS: Record<string, () => Promise<Command<OptionSpecs>>> = {
  train: async () => require('./train').default,
  'quick-train': async () => require('./quick-train').default,
  'train-all': async () => require('./train-all').default,
  evaluate: async () => require('./evaluate').default,
  status: async () => require('./status').default,
  predict: async () => require('./predict').default,
  backup: async () => require('./backup').default,
  restore: async () => require('./restore').default,
  clean: async () => require('./clean').default,
  monitor: async () => require('./monitor').default,
  alerts: async () => require('./alerts').default,
  'api-test': async () => require('./api-test').default,
  schedules: async () => require('./schedules').default,
  dev: async () => require('./dev').default,
};
