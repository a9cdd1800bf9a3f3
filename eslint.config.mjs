// @ts-check
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = [
  'assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs',
  'fs/promises', 'http', 'http2', 'https', 'net', 'os', 'path', 'perf_hooks', 'process',
  'readline', 'stream', 'timers', 'tls', 'url', 'util', 'v8', 'vm', 'worker_threads', 'zlib',
];

/**
 * Layer boundaries: for each part of the tree, the parts it must not import (values; `types`
 * lists the parts it may import as types only). docs/architecture.md states the same table and
 * test/lint/architecture.test.ts checks both against the real imports.
 */
export const LAYERS = {
  'common': { forbid: ['config', 'domain', 'activities', 'workflows', 'worker', 'client', 'schedules', 'apps'] },
  'config': { forbid: ['domain', 'activities', 'workflows', 'worker', 'client', 'schedules', 'apps'] },
  'domain': { forbid: ['activities', 'workflows', 'worker', 'client', 'schedules', 'apps'], types: ['config'] },
  'activities': { forbid: ['workflows', 'worker', 'client', 'schedules', 'apps'], types: ['config'] },
  'client': { forbid: ['domain', 'activities', 'worker', 'schedules', 'apps'], types: ['workflows'] },
  'schedules': { forbid: ['domain', 'activities', 'worker', 'apps'], types: ['workflows', 'config'] },
  'worker': { forbid: ['workflows', 'schedules', 'apps'] },
  'apps/api': { forbid: ['activities', 'worker', 'apps/cli', 'apps/stack'], types: ['workflows'] },
  'apps/cli': { forbid: ['activities', 'worker', 'apps/api'], types: ['workflows'] },
  'apps/stack': { forbid: ['activities', 'apps/cli'], types: ['workflows'] },
};

/** Import patterns that reach `part` from anywhere in the tree (relative specifiers). */
const patternsFor = (part) => [`**/${part}`, `**/${part}/**`];

/** One no-restricted-imports entry per forbidden part, so the message names the rule broken. */
function boundaryPatterns(from, { forbid, types = [] }) {
  return [
    ...forbid.map((to) => ({ group: patternsFor(to), message: `${from}/ must not import ${to}/ (see docs/architecture.md).` })),
    ...types.map((to) => ({ group: patternsFor(to), allowTypeImports: true, message: `${from}/ may import only types from ${to}/ (see docs/architecture.md).` })),
  ];
}

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
  ...Object.entries(LAYERS).map(([part, rule]) => ({
    files: [`${part}/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns: boundaryPatterns(part, rule) }] },
  })),
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
          { group: patternsFor('activities'), allowTypeImports: true, message: 'Import activity *types* only (import type).' },
          { group: patternsFor('common/node'), message: 'common/node/ holds Node-only helpers; workflows are deterministic.' },
          {
            // domain/market-hours is pure (no I/O, no clock) and safe in the sandbox.
            group: [...['config', 'worker', 'client', 'schedules', 'apps'].flatMap(patternsFor), '**/domain/*', '!**/domain/market-hours'],
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
