// Entry point of the workflow bundle: every workflow type the worker registers.
export { refreshPrices } from './refresh-prices.js';
export { retrainSymbol, retrainStatusQuery } from './retrain-symbol.js';
export { trainSymbols } from './train-symbols.js';
export { smartTraining } from './smart-training.js';
export { monitorAll } from './monitor-all.js';
export { monthlyComprehensive } from './monthly-comprehensive.js';
export { dailyCleanup } from './daily-cleanup.js';
export { backtestModel } from './backtest-model.js';
