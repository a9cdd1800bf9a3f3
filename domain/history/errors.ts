import { StockflowError } from '../../common/errors.js';

/** The database file has a schema this code cannot use (newer code wrote it, or not migrated). */
export class HistorySchemaError extends StockflowError {
  override readonly name = 'HistorySchemaError';
  readonly kind = 'permanent';
  constructor(readonly file: string, readonly found: number, readonly expected: number, hint: string) {
    super(`history database ${file} has schema version ${found}, this code expects ${expected}: ${hint}`);
  }
}

/** A record handed to the store is malformed (names the field and the value). */
export class HistoryInputError extends StockflowError {
  override readonly name = 'HistoryInputError';
  readonly kind = 'invalid';
  constructor(readonly table: string, readonly field: string, readonly value: unknown, expected: string) {
    super(`${table}.${field} = ${safeJson(value)} is not allowed; expected ${expected}`);
  }
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
