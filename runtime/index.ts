export { startDevServer, DevServerStartError, type DevServer, type DevServerOptions } from './dev-server';
export { resolveTemporalCli, TemporalCliNotFoundError, PROJECT_ROOT } from './temporal-binary';
export { resolveTemporalTarget, devServerDbFile, temporalUiUrl, type TemporalTarget } from './temporal-target';
export { clusterConnectionOptions, type TemporalConnectionOptions } from './connection-options';
export { freePort } from './free-port';
