export { connectClient } from './connect.js';
export {
  runRefreshPrices, resultOfAllSymbolsFailed, startRetrainSymbol, retrainProgress, runKeyNow, startPipeline, temporalUiLink,
  temporalUiSymbolLink, explainUnregisteredSearchAttribute, SearchAttributeNotRegisteredError,
  type PipelineInputs,
  type StartOptions, type StartRetrainResult, type RetrainProgress,
} from './run-workflows.js';
