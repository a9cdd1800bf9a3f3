export { connectClient } from './connect.js';
export {
  runRefreshPrices, resultOfAllSymbolsFailed, startRetrainSymbol, retrainProgress, runKeyNow, startPipeline, temporalUiLink,
  type PipelineInputs,
  type StartOptions, type StartRetrainResult, type RetrainProgress,
} from './run-workflows.js';
