/** Parsing and redacting `store.url` (a shared PostgreSQL store); absent means the embedded files + SQLite. */
import { StoreUrlError } from './errors.js';

const SCHEMES = ['postgres:', 'postgresql:'];

/** Checks a store URL: postgres:// or postgresql://, a host and a database name. Returns it unchanged. */
export function parseStoreUrl(value: string, source = 'configuration'): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new StoreUrlError(value, source, 'not a URL');
  }
  if (!SCHEMES.includes(url.protocol)) throw new StoreUrlError(redactStoreUrl(value), source, `scheme "${url.protocol.replace(/:$/, '')}" is not supported (only PostgreSQL)`);
  if (!url.hostname && !url.searchParams.get('host')) throw new StoreUrlError(redactStoreUrl(value), source, 'no host');
  if (url.pathname.replace(/^\//, '') === '') throw new StoreUrlError(redactStoreUrl(value), source, 'no database name');
  return value;
}

/** The URL with its password replaced by *** (for messages and logs). */
export function redactStoreUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return value.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
  }
}
