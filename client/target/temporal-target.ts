import net from 'node:net';
import path from 'node:path';
import { temporalAddress, type ResolvedConfig } from '../../config/index.js';
import { clusterConnectionOptions, type TemporalConnectionOptions } from './connection-options.js';
import { startDevServer, type DevServer } from './dev-server.js';

export interface TemporalTarget extends TemporalConnectionOptions {
  /** Set when this process started the embedded dev server (and must stop it). */
  devServer?: DevServer;
  /** Web UI base URL, when known. */
  uiUrl?: string;
  embedded: boolean;
}

/** Where the embedded dev server keeps its state: a SQLite file in the data directory. */
export function devServerDbFile(config: ResolvedConfig): string {
  return path.join(config.dataDir, 'temporal', 'dev-server.sqlite');
}

/**
 * With `temporal.address` configured, connects to that cluster. Otherwise uses the embedded
 * dev server: reuses one already listening on the configured port (e.g. started by another
 * stockflow process), or starts `temporal server start-dev` with its SQLite file in the
 * data directory so state survives restarts.
 */
export async function resolveTemporalTarget(config: ResolvedConfig): Promise<TemporalTarget> {
  const { address, namespace, devServerPort, devServerUiPort, cliPath } = config.temporal;
  if (address) {
    return { ...clusterConnectionOptions(config, address), uiUrl: config.temporal.uiUrl, embedded: false };
  }
  const host = '127.0.0.1';
  const embeddedAddress = temporalAddress(config);
  const uiUrl = temporalUiUrl(config);
  if (await isListening(host, devServerPort)) {
    return { address: embeddedAddress, namespace, uiUrl, embedded: true };
  }
  const devServer = await startDevServer({
    dbFile: devServerDbFile(config),
    cliPath,
    host,
    port: devServerPort,
    uiPort: devServerUiPort,
    namespace,
    logFile: path.join(config.dataDir, 'logs', 'temporal-dev-server.log'),
  });
  return { address: devServer.address, namespace, devServer, uiUrl, embedded: true };
}

/** The Temporal Web UI: `temporal.uiUrl` (TEMPORAL_UI_URL), else the embedded dev server's. */
export function temporalUiUrl(config: ResolvedConfig): string | undefined {
  if (config.temporal.uiUrl) return config.temporal.uiUrl;
  return config.temporal.address ? undefined : `http://localhost:${config.temporal.devServerUiPort}`;
}

function isListening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(500);
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
    socket.once('error', () => resolve(false));
  });
}
