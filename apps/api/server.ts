/**
 * startApiServer: the API listening on `config.api.host:port`, with dependencies built from
 * the configuration unless given (the stack runner passes its own; tests pass temporary ones).
 * The history database is opened read-only: the worker owns and migrates it; acknowledging an
 * incident opens it for writing for that one statement (unless a writable store was given).
 * One Temporal client (given, or connected on first use) serves the schedules view, the
 * actions and the live workflows.
 */
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { temporalAddress, type ResolvedConfig } from '../../config/index.js';
import { buildServices } from '../../domain/services.js';
import { configureBackend } from '../../domain/engine/backend-setting.js';
import { clusterConnectionOptions, temporalUiUrl } from '../../client/target/index.js';
import { buildApp, type BuildAppOptions } from './app.js';
import type { ScheduleScope } from '../../schedules/index.js';
import { temporalActions } from './actions.js';
import { temporalScheduleSource } from './schedule-source.js';
import { givenTemporalLink, lazyTemporalLink } from './temporal-link.js';
import type { ApiDeps } from './types.js';

export interface StartApiServerOptions extends Partial<ApiDeps>, BuildAppOptions {
  /** Override config.api.host / config.api.port (0 = a free port). */
  host?: string;
  port?: number;
  /** A Temporal client to share (the stack runner's); otherwise one is connected from the configuration on first use. */
  temporalClient?: Client;
  /** Schedule ids' prefix (tests sharing one dev server keep their schedules apart); none in a deployment. */
  scheduleScope?: ScheduleScope;
}

export interface ApiServer {
  /** Base URL, e.g. `http://127.0.0.1:3000`. */
  url: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

export async function startApiServer(config: ResolvedConfig, options: StartApiServerOptions = {}): Promise<ApiServer> {
  const { host: hostOverride, port: portOverride, processMetrics, temporalClient, scheduleScope, ...given } = options;
  const owned: Array<() => Promise<void> | void> = [];
  // Models are loaded lazily (on-demand forecasts) with the configured TensorFlow.js backend.
  configureBackend(config.training.backend);
  try {
    // Read-only: the worker owns and migrates the history database; the API only reads the price cache.
    const services = buildServices(config, { history: given.history ?? 'read', quietPriceCache: true });
    owned.push(() => services.close());

    const target = temporalTarget(config);
    const link = temporalClient ? givenTemporalLink(temporalClient) : lazyTemporalLink(target);
    owned.push(() => link.close());
    // A given store is its owner's (the stack's is the worker's, writable); otherwise a writer is opened per acknowledgement.
    const writableHistory = given.history ?? null;
    const host = hostOverride ?? config.api.host;
    const deps: ApiDeps = {
      ...given,
      registry: given.registry ?? services.registry,
      history: services.history,
      config,
      priceCache: given.priceCache ?? services.priceCache,
      temporalUi: given.temporalUi ?? temporalUiOf(config),
      scheduleInfo: given.scheduleInfo ?? temporalScheduleSource(link, scheduleScope),
      bindHost: host,
      actions: given.actions ?? temporalActions({
        link,
        taskQueue: config.temporal.taskQueue,
        scheduleScope,
        temporalAddress: target.address,
        acknowledgeIncident: (id) => (writableHistory ? writableHistory.acknowledgeIncident(id) : acknowledgeWithWriter(config, id)),
      }),
    };
    const app = await buildApp(deps, { processMetrics });
    owned.unshift(() => app.close());
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

/** Opens the history for writing for one acknowledgement (rare: a person clicked) and closes it. */
function acknowledgeWithWriter(config: ResolvedConfig, id: number): boolean {
  const services = buildServices(config, { history: 'write', quietPriceCache: true });
  try {
    return services.history.acknowledgeIncident(id);
  } finally {
    services.close();
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
