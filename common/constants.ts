/**
 * Constants and id builders shared by workflows, activities, the worker and clients.
 * Safe to import from workflow code: no I/O, no Node built-ins.
 */

export const DEFAULT_SYMBOLS = [
  'NVDA', 'TSLA', 'AAPL', 'MSFT', 'GOOGL', 'AMZN', 'AUR', 'PLTR', 'SMCI', 'TSM', 'MP', 'SMR', 'SPY',
] as const;

/** Task queue for orchestration and light activities (fetching, registry, monitoring). */
export const GENERAL_TASK_QUEUE = 'stockflow-general';
/**
 * Task queue for CPU-heavy training/evaluation activities, polled with small concurrency.
 * Derived from the general queue so that a test (or a second deployment) with its own
 * general queue gets its own training queue too; workflows route with this function.
 */
export const trainingQueueFor = (generalQueue: string) => `${generalQueue}-training`;
export const TRAINING_TASK_QUEUE = trainingQueueFor(GENERAL_TASK_QUEUE);

/** Ticker syntax we accept anywhere a symbol enters the system (config, API, CLI). */
export const SYMBOL_PATTERN = /^[A-Z][A-Z0-9.\-^=]{0,14}$/;

export const workflowIds = {
  refreshPrices: (runKey: string) => `refresh-prices-${runKey}`,
  retrainSymbol: (symbol: string) => `retrain-${symbol}`,
  trainSymbols: (runKey: string) => `train-symbols-${runKey}`,
  smartTraining: (runKey: string) => `smart-training-${runKey}`,
  monitorAll: (runKey: string) => `monitor-all-${runKey}`,
  monthlyComprehensive: (runKey: string) => `monthly-comprehensive-${runKey}`,
  dailyCleanup: (runKey: string) => `daily-cleanup-${runKey}`,
  backtestModel: (runKey: string) => `backtest-${runKey}`,
} as const;

export const SCHEDULE_IDS = {
  weeklyTraining: 'weekly-training',
  monitoring: 'monitoring',
  monthlyComprehensive: 'monthly-comprehensive',
  dailyCleanup: 'daily-cleanup',
} as const;

/** Failure type of a refreshPrices / trainSymbols / smartTraining run in which every symbol failed. */
export const ALL_SYMBOLS_FAILED = 'AllSymbolsFailed';
