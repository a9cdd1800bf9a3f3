/**
 * The shared row reader: what differs between the engines' rows is read here once — flags
 * (SQLite 0/1, PostgreSQL BOOLEAN), JSON text columns, and the id an INSERT … RETURNING gave.
 */

/** A flag column: 1 or true. */
export function flag(v: unknown): boolean {
  return v === true || v === 1;
}

/** A JSON text column holding an object (details, summaries). */
export function jsonObject(v: unknown): Record<string, unknown> {
  return (typeof v === 'string' ? JSON.parse(v) : v) as Record<string, unknown>;
}

/** The id from `INSERT … RETURNING id`. */
export function insertedId(row: Record<string, unknown> | undefined): number {
  const id = Number(row?.id);
  if (!Number.isInteger(id)) throw new Error(`INSERT … RETURNING id returned no id (${JSON.stringify(row)})`);
  return id;
}
