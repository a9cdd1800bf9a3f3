import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/temporal-global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Two cores: integration tests share one dev server; keep file-level parallelism modest.
    maxWorkers: 2,
    pool: 'forks',
  },
});
