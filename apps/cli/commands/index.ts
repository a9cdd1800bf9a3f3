/**
 * Every command, in the order `--help` lists them, with the one-line summary the list shows.
 * Each module is loaded only when its command runs (citty's lazy subcommands), so a short
 * command does not pay for the imports of the others and `--help` loads none of them.
 */
import type { CommandEntry } from '../lib/command.js';

export const COMMANDS: Record<string, CommandEntry> = {
  train: {
    summary: 'retrain models for the given symbols (full epochs) and promote them if they are better',
    load: async () => (await import('./train.js')).default,
  },
  'quick-train': {
    summary: 'retrain the given symbols with the quick epoch count (training.quickEpochs, 10 by default)',
    load: async () => (await import('./quick-train.js')).default,
  },
  'train-all': {
    summary: 'retrain every configured symbol (use the weekly schedule for "only what is due")',
    load: async () => (await import('./train-all.js')).default,
  },
  evaluate: {
    summary: 'backtest a saved model on any price source and date range, beside the naive baselines',
    load: async () => (await import('./evaluate.js')).default,
  },
  status: {
    summary: 'one line per configured symbol: champion, age, data freshness, metrics vs thresholds, skill, last decision, next run, open incidents',
    load: async () => (await import('./status.js')).default,
  },
  predict: {
    summary: 'show the stored next-session forecast of each symbol\'s champion',
    load: async () => (await import('./predict.js')).default,
  },
  backup: {
    summary: 'copy the champion model of each symbol (or the given ones) into a verified backup',
    load: async () => (await import('./backup.js')).default,
  },
  restore: {
    summary: 'make a kept version or a backup the champion again (rollback), or --list what can be restored',
    load: async () => (await import('./restore.js')).default,
  },
  export: {
    summary: 'write a model version (default the champion) into a directory in tfjs\'s file:// layout',
    load: async () => (await import('./export.js')).default,
  },
  clean: {
    summary: 'remove old logs, temporary files, reports and model versions beyond retention (dailyCleanup)',
    load: async () => (await import('./clean.js')).default,
  },
  monitor: {
    summary: 'run one monitoring pass now (monitorAll): health, API check, live performance, trends, incidents',
    load: async () => (await import('./monitor.js')).default,
  },
  alerts: {
    summary: 'list open incidents (or --all, resolved ones too) with their advice, and acknowledge them',
    load: async () => (await import('./alerts.js')).default,
  },
  'api-test': {
    summary: 'call GET /predict/:symbol of the prediction API for every configured symbol: success and latency',
    load: async () => (await import('./api-test.js')).default,
  },
  schedules: {
    summary: 'manage the Temporal Schedules that replace cron: apply, list, describe, pause, unpause, trigger, delete',
    load: async () => (await import('./schedules/index.js')).default,
  },
  dev: {
    summary: 'run the local stack like `npm start`: Temporal dev server, worker, first price refresh',
    load: async () => (await import('./dev.js')).default,
  },
};
