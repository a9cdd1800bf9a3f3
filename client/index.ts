export { connectClient } from './connect';
export { runRefreshPrices, runKeyNow, type StartOptions } from './run-workflows';
