/** Rewrites `@name` / `?` parameters into PostgreSQL's `$1…$n`, outside string literals and comments. */

export interface PositionalStatement {
  text: string;
  values: unknown[];
}

/**
 * `@name` → `$k` (one k per distinct name, value `params[name]`), `?` → `$k` in order (value
 * `params[i]`). A named parameter missing from `params` is an error naming it; `::type` casts and
 * `@>`-style operators are left alone.
 */
export function toPositional(sql: string, params: Readonly<Record<string, unknown>> | readonly unknown[] | undefined): PositionalStatement {
  const named = new Map<string, number>();
  const values: unknown[] = [];
  let positional = 0;
  let text = '';
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i]!;
    if (ch === "'" || ch === '"') {
      const end = closing(sql, i, ch);
      text += sql.slice(i, end + 1);
      i = end;
    } else if (ch === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length - 1 : end;
      text += sql.slice(i, stop + 1);
      i = stop;
    } else if (ch === '?') {
      if (!Array.isArray(params)) throw new Error(`positional parameter ? in a statement given named parameters: ${sql.trim().slice(0, 120)}`);
      values.push(params[positional++]);
      text += `$${values.length}`;
    } else if (ch === '@' && /[A-Za-z_]/.test(sql[i + 1] ?? '') && !/[\w)]/.test(sql[i - 1] ?? '')) {
      const name = /^[A-Za-z_]\w*/.exec(sql.slice(i + 1))![0];
      if (Array.isArray(params) || params === undefined || !(name in params)) {
        throw new Error(`named parameter @${name} has no value: ${sql.trim().slice(0, 120)}`);
      }
      let index = named.get(name);
      if (index === undefined) {
        values.push((params as Record<string, unknown>)[name]);
        index = values.length;
        named.set(name, index);
      }
      text += `$${index}`;
      i += name.length;
    } else {
      text += ch;
    }
  }
  if (Array.isArray(params) && positional !== params.length) {
    throw new Error(`statement has ${positional} ? parameter(s) but was given ${params.length}: ${sql.trim().slice(0, 120)}`);
  }
  return { text, values };
}

/** Index of the quote closing the literal opened at `start` ('' or "" inside is an escaped quote). */
function closing(sql: string, start: number, quote: string): number {
  for (let i = start + 1; i < sql.length; i++) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i++;
      else return i;
    }
  }
  return sql.length - 1;
}
