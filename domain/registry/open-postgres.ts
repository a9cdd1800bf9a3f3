/**
 * A ModelRegistry on the shared PostgreSQL store: connects a bridge (domain/sql, one connection
 * of its own), creates the registry's tables when missing, and closes the connection with
 * `registry.close()`.
 */
import { parseStoreUrl } from '../sql/store-url.js';
import { PostgresDatabase } from '../sql/postgres-database.js';
import { PostgresRegistryStorage } from './postgres-storage.js';
import { ModelRegistry } from './registry.js';

export interface OpenPostgresRegistryOptions {
  /** postgres:// or postgresql:// URL (store.url). */
  url: string;
  /** Clock for recorded timestamps (tests inject one). */
  now?: () => Date;
  /** How long a champion change waits for another holder of the symbol's advisory lock (default 30 s). */
  lockTimeoutMs?: number;
  /** Deadline for connecting (default 10 s). */
  connectTimeoutMs?: number;
}

export function openPostgresRegistry(options: OpenPostgresRegistryOptions): ModelRegistry {
  const db = PostgresDatabase.connect({ url: parseStoreUrl(options.url, 'store.url'), ...(options.connectTimeoutMs ? { connectTimeoutMs: options.connectTimeoutMs } : {}) });
  try {
    return new ModelRegistry({
      storage: new PostgresRegistryStorage({ db }),
      ...(options.now ? { now: options.now } : {}),
      ...(options.lockTimeoutMs ? { lockTimeoutMs: options.lockTimeoutMs } : {}),
    });
  } catch (err) {
    db.close();
    throw err;
  }
}
