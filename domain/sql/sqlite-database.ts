/** SqlDatabase over better-sqlite3 (the embedded default): statements prepared once and cached. */
import type Database from 'better-sqlite3';
import type { SqlDatabase, SqlParams, SqlRow } from './sql-database.js';

export class SqliteDatabase implements SqlDatabase {
  readonly dialect = 'sqlite';
  private readonly statements = new Map<string, Database.Statement>();

  constructor(readonly db: Database.Database, readonly location: string) {}

  get open(): boolean {
    return this.db.open;
  }

  private prepare(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  run(sql: string, params?: SqlParams): { changes: number } {
    return { changes: this.prepare(sql).run(...bind(params)).changes };
  }

  get(sql: string, params?: SqlParams): SqlRow | undefined {
    return this.prepare(sql).get(...bind(params)) as SqlRow | undefined;
  }

  all(sql: string, params?: SqlParams): SqlRow[] {
    return this.prepare(sql).all(...bind(params)) as SqlRow[];
  }

  exec(sql: string): void {
    this.db.exec(sql);
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  close(): void {
    this.statements.clear();
    if (this.db.open) this.db.close();
  }
}

/** better-sqlite3 binds no booleans: true/false → 1/0; named parameters as one object. */
function bind(params: SqlParams | undefined): unknown[] {
  if (params === undefined) return [];
  if (Array.isArray(params)) return params.map(sqliteValue);
  return [Object.fromEntries(Object.entries(params).map(([k, v]) => [k, sqliteValue(v)]))];
}

function sqliteValue(v: unknown): unknown {
  return typeof v === 'boolean' ? (v ? 1 : 0) : v;
}
