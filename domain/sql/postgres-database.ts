/**
 * SqlDatabase over PostgreSQL through the synchronous bridge: `@name` / `?` become `$n`, rows'
 * bytea arrive as Buffers (the worker thread's copy is a Uint8Array), int8/numeric as numbers
 * (pg-bridge-worker.mjs). A transaction is BEGIN … COMMIT on the bridge's one connection;
 * nested ones are savepoints.
 */
import { PgBridge, type PgBridgeOptions } from './pg-bridge.js';
import { toPositional } from './params.js';
import type { SqlDatabase, SqlParams, SqlRow } from './sql-database.js';
import { redactStoreUrl } from './store-url.js';

export class PostgresDatabase implements SqlDatabase {
  readonly dialect = 'postgres';
  readonly location: string;
  private depth = 0;

  constructor(readonly bridge: PgBridge) {
    this.location = redactStoreUrl(bridge.url);
  }

  /** Connects now (a wrong URL or a server that is down fails here). */
  static connect(options: PgBridgeOptions): PostgresDatabase {
    return new PostgresDatabase(PgBridge.connect(options));
  }

  get open(): boolean {
    return this.bridge.open;
  }

  private query(sql: string, params?: SqlParams) {
    const { text, values } = toPositional(sql, params);
    return this.bridge.query(text, values);
  }

  run(sql: string, params?: SqlParams): { changes: number } {
    return { changes: this.query(sql, params).rowCount };
  }

  get(sql: string, params?: SqlParams): SqlRow | undefined {
    const row = this.query(sql, params).rows[0];
    return row === undefined ? undefined : withBuffers(row);
  }

  all(sql: string, params?: SqlParams): SqlRow[] {
    return this.query(sql, params).rows.map(withBuffers);
  }

  exec(sql: string): void {
    this.bridge.query(sql);
  }

  transaction<T>(fn: () => T): T {
    const savepoint = this.depth > 0 ? `sp${this.depth}` : null;
    this.bridge.query(savepoint ? `SAVEPOINT ${savepoint}` : 'BEGIN');
    this.depth++;
    try {
      const result = fn();
      if (result instanceof Promise) throw new TypeError('SqlDatabase.transaction: the function must be synchronous (it returned a Promise)');
      this.bridge.query(savepoint ? `RELEASE SAVEPOINT ${savepoint}` : 'COMMIT');
      return result;
    } catch (err) {
      try {
        this.bridge.query(savepoint ? `ROLLBACK TO SAVEPOINT ${savepoint}` : 'ROLLBACK');
      } catch {
        // the connection is gone: the server rolled the transaction back itself
      }
      throw err;
    } finally {
      this.depth--;
    }
  }

  close(): void {
    this.bridge.close();
  }
}

function withBuffers(row: Record<string, unknown>): SqlRow {
  for (const [key, value] of Object.entries(row)) {
    if (value instanceof Uint8Array && !Buffer.isBuffer(value)) row[key] = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }
  return row;
}
