import { defineConfig } from 'vitest/config';
import { HOOK_TIMEOUT_MS, TEST_TIMEOUT_MS } from './test/helpers/timeouts.js';

/**
 * The cluster tests (test/cluster/): a real Temporal server on PostgreSQL, started by the
 * tests themselves through scripts/cluster/ (what `npm run cluster` runs). Not part of
 * `npm test`: they need the server built from its Go module (scripts/cluster/build-temporal-server.sh)
 * and PostgreSQL installed; .ci/run provides both and runs `npm run test:cluster`.
 */
export default defineConfig({
  test: {
    include: ['test/cluster/**/*.test.ts'],
    testTimeout: TEST_TIMEOUT_MS,
    hookTimeout: HOOK_TIMEOUT_MS,
    // One cluster at a time: each file starts its own, and they share the machine's two cores.
    maxWorkers: 1,
    fileParallelism: false,
    pool: 'forks',
  },
});
