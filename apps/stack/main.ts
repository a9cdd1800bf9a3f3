/**
 * `npm start`: the embedded stack on one machine — a Temporal dev server (unless
 * TEMPORAL_ADDRESS points at a cluster), the worker, and a first pass over the configured
 * symbols. Ctrl-C stops everything cleanly. `--once` exits after the first pass.
 */
import { runStack } from './run-stack.js';

const once = process.argv.includes('--once');
runStack({ once })
  .then((code) => process.exit(code))
  .catch((err) => {
    console.error(`stockflow: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
