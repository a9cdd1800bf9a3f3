/**
 * startApiServer: the API listening on `config.api.host:port`, with dependencies built from
 * the configuration unless given (the stack runner passes its own; tests pass temporary ones).
 * The history database is opened read-only: the worker owns and migrates it.
 */
import type { FastifyInstance } from 'fastify';
import { temporalAddress, type ResolvedConfig } from '../../config/index.js';
import { buildServices } from '../../domain/services.js';
import { configureBackend } from '../../domain/engine/backend-setting.js';
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

export async function startApiServer(config: ResolvedConfig, options: StartApiServerOptions = {}): Promise<ApiServer> {
  const { host: hostOverride, port: portOverride, processMetrics, ...given } = options;
  const owned: Array<() => Promise<void> | void> = [];
  // Models are loaded lazily (on-demand forecasts) with the configured TensorFlow.js backend.
  configureBackend(config.training.backend);
  try {
    // Read-only: the worker owns and migrates the history database; the API only reads the price cache.
    const services = buildServices(config, { history: given.history ?? 'read', quietPriceCache: true });
    owned.push(() => services.close());

    let schedules: TemporalScheduleSource | undefined;
    if (!given.scheduleInfo) {
      schedules = temporalScheduleSource(temporalTarget(config));
      owned.push(() => schedules!.close());
    }
    const deps: ApiDeps = {
      ...given,
      registry: given.registry ?? services.registry,
      history: services.history,
      config,
      priceCache: given.priceCache ?? services.priceCache,
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

function temporalTarget(config: ResolvedConfig) {
  const address = temporalAddress(config);
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
