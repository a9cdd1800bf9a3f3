/**
 * startApiServer: the API listening on `config.api.host:port`, with dependencies built from
 * the configuration unless given (the stack runner passes its own; tests pass temporary ones).
 * The history database is opened read-only: the worker owns and migrates it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ResolvedConfig } from '../../config/index.js';
import { HistoryStore, historyFile } from '../../domain/history/index.js';
import { configureBackend } from '../../domain/engine/backend-setting.js';
import { parsePriceSourceSpec, PriceCache } from '../../domain/prices/index.js';
import { ModelRegistry } from '../../domain/registry/index.js';
import { clusterConnectionOptions, temporalUiUrl } from '../../client/target/index.js';
import { buildApp, type BuildAppOptions } from './app.js';
import { temporalScheduleSource, type TemporalScheduleSource } from './schedule-source.js';
import type { ApiDeps } from './types.js';

export interface StartApiServerOptions extends Partial<ApiDeps>, BuildAppOptions {
  /** Override config.api.host / config.api.port (0 = a free port). */
  host?: string;
  port?: number;
}

export interface ApiServer {
  /** Base URL, e.g. `http://127.0.0.1:3000`. */
  url: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** Opens `<dataDir>/history.sqlite` read-only, creating (and migrating) it first when it does not exist yet. */
export function openHistoryReadonly(file: string): HistoryStore {
  if (!existsSync(file)) HistoryStore.open({ file }).close();
  return HistoryStore.open({ file, readonly: true });
}

export async function startApiServer(config: ResolvedConfig, options: StartApiServerOptions = {}): Promise<ApiServer> {
  const { host: hostOverride, port: portOverride, processMetrics, ...given } = options;
  const owned: Array<() => Promise<void> | void> = [];
  // Models are loaded lazily (on-demand forecasts) with the configured TensorFlow.js backend.
  configureBackend(config.training.backend);
  try {
    const history = given.history ?? openHistoryReadonly(historyFile(config.dataDir));
    if (!given.history) owned.push(() => history.close());

    let schedules: TemporalScheduleSource | undefined;
    if (!given.scheduleInfo) {
      schedules = temporalScheduleSource(temporalTarget(config));
      owned.push(() => schedules!.close());
    }
    const deps: ApiDeps = {
      ...given,
      registry: given.registry ?? new ModelRegistry({ root: path.join(config.dataDir, 'models') }),
      history,
      config,
      priceCache: given.priceCache ?? priceCacheOf(config),
      temporalUi: given.temporalUi ?? temporalUiOf(config),
      scheduleInfo: given.scheduleInfo ?? schedules?.scheduleInfo,
    };
    const app = await buildApp(deps, { processMetrics });
    owned.unshift(() => app.close());
    const host = hostOverride ?? config.api.host;
    await app.listen({ host, port: portOverride ?? config.api.port });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : (portOverride ?? config.api.port);
    const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
    let closed: Promise<void> | undefined;
    return {
      url: `http://${shownHost}:${port}`,
      app,
      close: () => (closed ??= closeAll(owned)),
    };
  } catch (err) {
    await closeAll(owned);
    throw err;
  }
}

async function closeAll(steps: Array<() => Promise<void> | void>): Promise<void> {
  for (const step of steps) await step();
}

function priceCacheOf(config: ResolvedConfig): PriceCache {
  const baseDir = config.configFile ? path.dirname(config.configFile) : process.cwd();
  const source = parsePriceSourceSpec(config.priceSource, { baseDir });
  // Read-only use: the API only reads the cache the worker refreshes.
  return new PriceCache({ dir: path.join(config.dataDir, 'prices'), source, logger: { warn: () => undefined } });
}

function temporalTarget(config: ResolvedConfig) {
  const address = config.temporal.address ?? `127.0.0.1:${config.temporal.devServerPort}`;
  return config.temporal.address ? clusterConnectionOptions(config, address) : { address, namespace: config.temporal.namespace };
}

/**
 * The Temporal Web UI: temporal.uiUrl (TEMPORAL_UI_URL) when set (a cluster's UI), else the embedded
 * dev server's UI port when no cluster address is configured.
 */
function temporalUiOf(config: ResolvedConfig): { baseUrl: string; namespace: string } | undefined {
  const baseUrl = temporalUiUrl(config);
  return baseUrl ? { baseUrl, namespace: config.temporal.namespace } : undefined;
}
