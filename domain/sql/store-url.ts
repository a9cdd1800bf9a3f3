/** `store.url` checked where a store opens it (the grammar is common/store-url.ts, shared with the config schema). */
import { redactStoreUrl, storeUrlProblem } from '../../common/store-url.js';
import { StoreUrlError } from './errors.js';

export { redactStoreUrl };

/** Returns `value` when it is a postgres:// or postgresql:// URL with a host and a database; else StoreUrlError. */
export function parseStoreUrl(value: string, source = 'configuration'): string {
  const problem = storeUrlProblem(value);
  if (problem) throw new StoreUrlError(redactStoreUrl(value), source, problem);
  return value;
}
