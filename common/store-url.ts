/**
 * The grammar of `store.url` (a shared PostgreSQL store): postgres:// or postgresql:// with a
 * host and a database name. Here so the configuration schema and the store (domain/sql) check it
 * the same way; redaction keeps the password out of messages and logs.
 */

export const STORE_URL_FORMS = 'a postgres:// or postgresql:// URL with a host and a database, e.g. postgres://USER:PASSWORD@HOST:5432/stockflow';

/** Why `value` is not a store URL, or null when it is one. */
export function storeUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') return `scheme "${url.protocol.replace(/:$/, '')}" is not supported (only PostgreSQL)`;
  if (!url.hostname && !url.searchParams.get('host')) return 'no host';
  if (url.pathname.replace(/^\//, '') === '') return 'no database name';
  return null;
}

/**
 * The URL with its password replaced by *** (for messages and logs), also when the value is not
 * a URL at all (`user:secret@host/db`, a password holding `/`): then everything between the
 * user's colon and the last `@` is masked.
 */
export function redactStoreUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) {
      url.password = '***';
      return url.toString();
    }
  } catch {
    // Not a URL: masked below.
  }
  return maskUserinfo(value);
}

function maskUserinfo(value: string): string {
  const at = value.lastIndexOf('@');
  if (at < 0) return value;
  const slashes = value.indexOf('//');
  const start = slashes >= 0 && slashes < at ? slashes + 2 : 0;
  const colon = value.indexOf(':', start);
  if (colon < 0 || colon > at) return value;
  return `${value.slice(0, colon)}:***${value.slice(at)}`;
}
