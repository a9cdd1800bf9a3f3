import type { Command, OptionSpecs } from '../lib/command.js';

/**
 * Every command, in the order `--help` lists them. Loaded on demand so that a short command
 * does not pay for the imports of all the others (~0.4 s per process).
 */
export const COMMANDS: Record<string, () => Promise<Command<OptionSpecs>>> = {
  train: async () => (await import('./train.js')).default,
  'quick-train': async () => (await import('./quick-train.js')).default,
  'train-all': async () => (await import('./train-all.js')).default,
  evaluate: async () => (await import('./evaluate.js')).default,
  status: async () => (await import('./status.js')).default,
  predict: async () => (await import('./predict.js')).default,
  backup: async () => (await import('./backup.js')).default,
  restore: async () => (await import('./restore.js')).default,
  clean: async () => (await import('./clean.js')).default,
  monitor: async () => (await import('./monitor.js')).default,
  alerts: async () => (await import('./alerts.js')).default,
  'api-test': async () => (await import('./api-test.js')).default,
  schedules: async () => (await import('./schedules/index.js')).default,
  dev: async () => (await import('./dev.js')).default,
};
