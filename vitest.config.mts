import { configDefaults, defineConfig } from 'vitest/config';
import { HOOK_TIMEOUT_MS, TEST_TIMEOUT_MS } from './test/helpers/timeouts.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // On a real Temporal server and PostgreSQL: vitest.cluster.config.mts (`npm run test:cluster`).
    exclude: [...configDefaults.exclude, 'test/cluster/**'],
    globalSetup: ['test/setup/temporal-global-setup.ts', 'test/setup/postgres-global-setup.ts'],
    // Scaled by STOCKFLOW_TEST_TIMEOUT_SCALE (test/helpers/timeouts.ts): CI on a busy machine raises it.
    testTimeout: TEST_TIMEOUT_MS,
    hookTimeout: HOOK_TIMEOUT_MS,
    // Two cores: integration tests share one dev server; keep file-level parallelism modest.
    maxWorkers: 2,
    pool: 'forks',
  },
});
