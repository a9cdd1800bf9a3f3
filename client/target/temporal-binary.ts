import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import { StockflowError } from '../../common/errors.js';

export class TemporalCliNotFoundError extends StockflowError {
  /** An installation problem: retrying will not find the binary (hence not `not-found`, which is for what a caller asked for). */
  readonly kind = 'permanent';
  constructor(readonly tried: string[]) {
    super(
      `the Temporal CLI ('temporal', which runs the embedded dev server) was not found; tried: ${tried.join(', ')}. ` +
        `Run 'npm run setup' to install it into .tools/bin, set TEMPORAL_CLI_PATH=/path/to/temporal, ` +
        `or set TEMPORAL_ADDRESS=host:7233 to use an existing cluster.`,
    );
  }
}

/** The folder holding package.json, both from source (tsx) and from compiled dist/. */
export const PROJECT_ROOT = findProjectRoot(import.meta.dirname);

function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(start, '..');
  }
}

export const PROJECT_TEMPORAL_CLI = path.join(PROJECT_ROOT, '.tools', 'bin', 'temporal');

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds the `temporal` binary: an explicit path (config or TEMPORAL_CLI_PATH), then the
 * project-local copy installed by scripts/install-temporal.sh, then PATH.
 */
export function resolveTemporalCli(explicitPath?: string, envPath = process.env.PATH ?? ''): string {
  const tried: string[] = [];
  const candidates = [
    explicitPath,
    process.env.TEMPORAL_CLI_PATH,
    PROJECT_TEMPORAL_CLI,
    ...envPath.split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, 'temporal')),
  ].filter((c): c is string => Boolean(c));
  for (const candidate of candidates) {
    tried.push(candidate);
    if (isExecutable(candidate)) return candidate;
    if (candidate === explicitPath) throw new TemporalCliNotFoundError([`${candidate} (configured, not executable)`]);
  }
  throw new TemporalCliNotFoundError(tried.length ? tried : ['PATH']);
}
