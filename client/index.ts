export { connectClient } from './connect';
export {
  runRefreshPrices, startRetrainSymbol, retrainProgress, runKeyNow,
  type StartOptions, type StartRetrainResult, type RetrainProgress,
} from './run-workflows';
