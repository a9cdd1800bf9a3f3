// @ts-check
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = [
  'assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs',
  'fs/promises', 'http', 'http2', 'https', 'net', 'os', 'path', 'perf_hooks', 'process',
  'readline', 'stream', 'timers', 'tls', 'url', 'util', 'v8', 'vm', 'worker_threads', 'zlib',
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.tools/**', '.stockflow/**', 'bench/results/**', 'test-artifacts/**'] },
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // Plain CommonJS scripts and the bin shim.
    files: ['**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no I/O, no clocks, no tfjs.
    // Only @temporalio/workflow, our constants/wire types, and *types* of activities.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeBuiltins.flatMap((m) => [
          { name: m, message: 'Workflows are deterministic: no Node built-ins (do I/O in an activity).' },
          { name: `node:${m}`, message: 'Workflows are deterministic: no Node built-ins (do I/O in an activity).' },
        ]),
        patterns: [
          { group: ['node:*'], message: 'Workflows are deterministic: no Node built-ins.' },
          { group: ['@tensorflow/*', 'yahoo-finance2', 'better-sqlite3'], message: 'Heavy or I/O libraries belong in activities.' },
          { group: ['@temporalio/activity', '@temporalio/worker', '@temporalio/client', '@temporalio/testing'], message: 'Workflows may only use @temporalio/workflow (and @temporalio/common).' },
          { group: ['**/activities', '**/activities/*', '!**/activities/types'], allowTypeImports: true, message: 'Import activity *types* only (import type).' },
          {
            group: ['market-data', 'model', 'registry', 'history', 'config', 'runtime', 'monitoring', 'reports', 'worker', 'client', 'api', 'cli']
              .flatMap((part) => [`**/${part}`, `**/${part}/*`]),
            allowTypeImports: true,
            message: 'Workflows see only types from the engine and data layers (do the work in an activity).',
          },
        ],
      }],
      'no-restricted-globals': ['error',
        { name: 'process', message: 'No process.env in workflows: pass config as workflow input.' },
        { name: 'setInterval', message: 'Use sleep()/condition() from @temporalio/workflow.' },
      ],
    },
  },
);
