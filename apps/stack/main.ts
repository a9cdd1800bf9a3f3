/**
 * `npm start`: the embedded stack on one machine — a Temporal dev server (unless
 * TEMPORAL_ADDRESS points at a cluster), the worker, and a first pass over the configured
 * symbols. Ctrl-C stops everything cleanly. `--once` exits after the first pass; `--offline`
 * (or STOCKFLOW_OFFLINE=1) takes prices from the offline sources instead of Yahoo.
 */
import { offlineRequested } from './offline-source.js';
import { runStack } from './run-stack.js';

const KNOWN = new Set(['--once', '--offline']);

async function main(): Promise<number> {
  const unknown = process.argv.slice(2).filter((a) => !KNOWN.has(a));
  if (unknown.length > 0) throw new Error(`unknown option ${unknown.join(' ')} (npm start takes --once and --offline)`);
  const once = process.argv.includes('--once');
  const offline = process.argv.includes('--offline') || offlineRequested(process.env);
  return runStack({ once, offline });
}

main()
  .then((code) => process.exit(code))
  .catch((err) => {
    console.error(`stockflow: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
