// Entry point of the workflow bundle: every workflow type the worker registers.
export { refreshPrices } from './refresh-prices';
export { retrainSymbol, retrainStatusQuery } from './retrain-symbol';
export { trainSymbols } from './train-symbols';
export { smartTraining } from './smart-training';
export { monitorAll } from './monitor-all';
export { monthlyComprehensive } from './monthly-comprehensive';
export { dailyCleanup } from './daily-cleanup';
export { backtestModel } from './backtest-model';
