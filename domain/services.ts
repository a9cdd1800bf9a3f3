/**
 * The domain services, built once from the resolved configuration: the model registry and the
 * history database (files and SQLite in dataDir, or both in the shared PostgreSQL store when
 * `store.url` is set), the price source and the price cache over it. The worker, the API and the
 * CLI all call `buildServices` (no other place spells the data directory's layout or parses the
 * price-source string into a source).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from '../config/index.js';
import { HistorySchemaError, HistoryStore, historyFile } from './history/index.js';
import { parsePriceSourceSpec, PriceCache, type PriceSource } from './prices/index.js';
import { ModelRegistry } from './registry/index.js';
import { openPostgresRegistry } from './registry/open-postgres.js';
import { parseStoreUrl } from './sql/store-url.js';

/** `<dataDir>/models`: the model registry's root. */
export function modelsDir(config: Pick<ResolvedConfig, 'dataDir'>): string {
  return path.join(config.dataDir, 'models');
}

/** `<dataDir>/prices`: the price cache (`<SYMBOL>.csv`). */
export function pricesDir(config: Pick<ResolvedConfig, 'dataDir'>): string {
  return path.join(config.dataDir, 'prices');
}

/**
 * How a process uses the history database:
 * - `write`: opened (created and migrated when missing) for writing — the worker, `alerts --ack`;
 * - `read`: read-only, created (and migrated) first when missing — the API;
 * - `read-if-exists`: read-only, or none when no worker has created it yet — the CLI's reports.
 * On PostgreSQL "created" means the history schema migrated; read-only is a plain connection
 * whose sessions are read-only.
 */
export type HistoryAccess = 'write' | 'read' | 'read-if-exists';

export interface ServiceOptions {
  /** How to open the history database, or one already open (then `close` leaves it open). */
  history?: HistoryAccess | HistoryStore;
  /** The API only reads the cache the worker refreshes: its warnings are not its business. */
  quietPriceCache?: boolean;
}

export interface Services<H extends HistoryStore | null = HistoryStore> {
  registry: ModelRegistry;
  history: H;
  source: PriceSource;
  priceCache: PriceCache;
  /** Closes what was opened here (the history database, the registry's PostgreSQL connection). */
  close(): void;
}

export function buildServices(config: ResolvedConfig, options: ServiceOptions & { history: 'read-if-exists' }): Services<HistoryStore | null>;
export function buildServices(config: ResolvedConfig, options?: ServiceOptions): Services;
export function buildServices(config: ResolvedConfig, options: ServiceOptions = {}): Services<HistoryStore | null> {
  const given = options.history instanceof HistoryStore ? options.history : null;
  const access = (options.history as HistoryAccess | undefined) ?? 'write';
  const storeUrl = config.store?.url;
  const history = given ?? (storeUrl ? openPostgresHistory(parseStoreUrl(storeUrl, 'store.url'), access) : openHistory(historyFile(config.dataDir), access));
  const source = buildPriceSource(config);
  // The registry on the same store: its own read-write connection (the history's may be read-only).
  const registry = storeUrl ? openPostgresRegistry({ url: storeUrl }) : new ModelRegistry({ root: modelsDir(config) });
  return {
    registry,
    history,
    source,
    priceCache: new PriceCache({ dir: pricesDir(config), source, ...(options.quietPriceCache ? { logger: { warn: () => undefined } } : {}) }),
    close: () => {
      if (!given) history?.close();
      registry.close();
    },
  };
}

/**
 * The one builder of a price source from the configuration: the configured `priceSource`, or
 * another spec (`stockflow evaluate --source`, the backtestModel activity) built the same way —
 * a relative `csv:DIR` against the config file's directory (else the working directory), the
 * configured plausibility rule (`marketData`) for Yahoo. A bad spec throws `ConfigError`.
 */
export function buildPriceSource(config: Pick<ResolvedConfig, 'priceSource' | 'configFile' | 'marketData'>, spec: string = config.priceSource): PriceSource {
  const baseDir = config.configFile ? path.dirname(config.configFile) : process.cwd();
  return parsePriceSourceSpec(spec, { baseDir, plausibility: config.marketData, ...(spec === config.priceSource ? {} : { field: 'source' }) });
}

function openHistory(file: string, access: HistoryAccess): HistoryStore | null {
  if (access === 'write') return HistoryStore.open({ file });
  if (!existsSync(file)) {
    if (access === 'read-if-exists') return null;
    HistoryStore.open({ file }).close();
  }
  return HistoryStore.open({ file, readonly: true });
}

function openPostgresHistory(url: string, access: HistoryAccess): HistoryStore | null {
  if (access === 'write') return HistoryStore.openPostgres({ url });
  if (access === 'read') HistoryStore.openPostgres({ url }).close(); // migrates when no worker has yet
  try {
    return HistoryStore.openPostgres({ url, readonly: true });
  } catch (err) {
    if (access === 'read-if-exists' && err instanceof HistorySchemaError && err.found === 0) return null;
    throw err;
  }
}
