/**
 * SqlDatabase: the small synchronous interface the stores are written against, implemented by
 * better-sqlite3 (sqlite-database.ts) and by PostgreSQL through the bridge (postgres-database.ts).
 * Statements use named parameters `@name` (or positional `?`); the same SQL runs on both
 * engines when it keeps to their common ground (RETURNING, ON CONFLICT, COALESCE, CASE,
 * IS NOT DISTINCT FROM, boolean parameters for boolean columns).
 */

/** A value bound to a parameter: booleans become 0/1 on SQLite; bytes are bytea/BLOB. */
export type SqlValue = string | number | bigint | boolean | null | Uint8Array;

/** Named (`@name` → `params.name`) or positional (`?` → `params[i]`) parameters. */
export type SqlParams = Readonly<Record<string, unknown>> | readonly unknown[];

/** A result row by column name (integers are numbers on both engines; bytes are Buffers). */
export type SqlRow = Record<string, unknown>;

export type SqlDialect = 'sqlite' | 'postgres';

export interface SqlDatabase {
  readonly dialect: SqlDialect;
  /** The database file, or the store URL without its password (for messages). */
  readonly location: string;
  readonly open: boolean;
  /** Runs one statement; `changes` is the number of rows it inserted, updated or deleted. */
  run(sql: string, params?: SqlParams): { changes: number };
  /** The first row, or undefined. */
  get(sql: string, params?: SqlParams): SqlRow | undefined;
  all(sql: string, params?: SqlParams): SqlRow[];
  /** Runs a script of several statements without parameters (schema migrations). */
  exec(sql: string): void;
  /**
   * Runs `fn` in one write transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL: BEGIN on the
   * bridge's one connection); nested calls are savepoints. `fn` must be synchronous.
   */
  transaction<T>(fn: () => T): T;
  close(): void;
}
