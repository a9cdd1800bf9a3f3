/**
 * The price source of `npm start -- --offline` (or STOCKFLOW_OFFLINE=1): daily CSV files from
 * STOCKFLOW_PRICES_DIR, else `../shared/data/prices` beside the repository, else `data/prices`
 * inside it; `synthetic` (seeded generated prices) when none of those holds a CSV file.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';

export const OFFLINE_ENV = 'STOCKFLOW_OFFLINE';

/** true when STOCKFLOW_OFFLINE asks for offline prices ("1"/"true"); an unknown value is an error naming it. */
export function offlineRequested(env: NodeJS.ProcessEnv): boolean {
  const raw = env[OFFLINE_ENV]?.trim().toLowerCase();
  if (raw === undefined || raw === '' || raw === '0' || raw === 'false') return false;
  if (raw === '1' || raw === 'true') return true;
  throw new Error(`${OFFLINE_ENV}="${env[OFFLINE_ENV]}": expected 1 or true (offline prices) or 0 or false`);
}

/** The directories tried, in order. */
export function offlineCandidates(env: NodeJS.ProcessEnv, projectRoot: string): string[] {
  return [env.STOCKFLOW_PRICES_DIR, path.resolve(projectRoot, '../shared/data/prices'), path.resolve(projectRoot, 'data/prices')]
    .filter((d): d is string => !!d)
    .map((d) => path.resolve(d));
}

/** `csv:<absolute dir>` for the first candidate holding *.csv files, else `synthetic`. */
export function offlinePriceSource(env: NodeJS.ProcessEnv, projectRoot: string): string {
  for (const dir of offlineCandidates(env, projectRoot)) {
    try {
      if (readdirSync(dir).some((f) => f.toLowerCase().endsWith('.csv'))) return `csv:${dir}`;
    } catch {
      // not there or not a directory: try the next
    }
  }
  return 'synthetic';
}
