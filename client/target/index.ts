export { startDevServer, DevServerStartError, type DevServer, type DevServerOptions } from './dev-server.js';
export { resolveTemporalCli, TemporalCliNotFoundError, PROJECT_ROOT } from './temporal-binary.js';
export { resolveTemporalTarget, devServerDbFile, temporalUiUrl, type TemporalTarget } from './temporal-target.js';
export { clusterConnectionOptions, type TemporalConnectionOptions } from './connection-options.js';
export { freePort } from './free-port.js';
