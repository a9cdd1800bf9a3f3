import type { Command, OptionSpecs } from '../lib/command.js';

/**
 * Every command, in the order `--help` lists them. Loaded on demand so that a short command
 * does not pay for the imports of all the others (~0.4 s per process). `require`, not
 * `import()`: under tsx's CommonJS hook a dynamic import is real ESM resolution, which does not
 * accept our extensionless paths.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
export const COMMANDS: Record<string, () => Promise<Command<OptionSpecs>>> = {
  train: async () => require('./train.js').default,
  'quick-train': async () => require('./quick-train.js').default,
  'train-all': async () => require('./train-all.js').default,
  evaluate: async () => require('./evaluate.js').default,
  status: async () => require('./status.js').default,
  predict: async () => require('./predict.js').default,
  backup: async () => require('./backup.js').default,
  restore: async () => require('./restore.js').default,
  clean: async () => require('./clean.js').default,
  monitor: async () => require('./monitor.js').default,
  alerts: async () => require('./alerts.js').default,
  'api-test': async () => require('./api-test.js').default,
  schedules: async () => require('./schedules/index.js').default,
  dev: async () => require('./dev.js').default,
};
