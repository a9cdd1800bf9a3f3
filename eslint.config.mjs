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
  // domain/sql is the storage floor under history and registry (SQLite and PostgreSQL behind one
  // interface): it knows no domain part and no configuration, so any store can sit on it.
  'domain/sql': { forbid: ['config', 'activities', 'workflows', 'worker', 'client', 'schedules', 'apps', 'domain/prices', 'domain/market-hours', 'domain/engine', 'domain/registry', 'domain/history', 'domain/judgement', 'domain/alerts', 'domain/reports', 'domain/serving'] },
  'activities': { forbid: ['workflows', 'worker', 'client', 'schedules', 'apps'], types: ['config'] },
  // domain/market-hours is pure (no I/O, no clock) and safe in Temporal's sandbox.
  'workflows': { forbid: ['worker', 'client', 'schedules', 'apps'], types: ['activities', 'domain', 'config'], except: ['domain/market-hours'] },
  'client': { forbid: ['domain', 'activities', 'worker', 'schedules', 'apps'], types: ['workflows'] },
  'schedules': { forbid: ['domain', 'activities', 'worker', 'apps'], types: ['workflows', 'config'] },
  'worker': { forbid: ['workflows', 'schedules', 'apps'] },
  'apps/api': { forbid: ['activities', 'worker', 'apps/cli', 'apps/stack'], types: ['workflows'] },
  'apps/cli': { forbid: ['activities', 'worker', 'apps/api'], types: ['workflows'] },
  'apps/stack': { forbid: ['activities', 'apps/cli'], types: ['workflows'] },
};

/**
 * Import patterns (gitignore syntax, matched against relative specifiers) that reach `part`, minus
 * the `except`ed parts below it (a negation re-includes a folder only if its parent is not excluded,
 * hence `part/*` rather than `part` when there are exceptions).
 */
function patternsFor(part, except = []) {
  const inside = except.filter((e) => e.startsWith(`${part}/`));
  if (inside.length === 0) return [`**/${part}`, `**/${part}/**`];
  return [`**/${part}/*`, ...inside.map((e) => `!**/${e}`)];
}

/** Patterns for `to` seen from `from`: a sibling in the same group (apps/api → apps/cli) is reached as `../cli`. */
function targetPatterns(from, to, except) {
  const [fromGroup] = from.split('/');
  const [toGroup, sibling] = to.split('/');
  const viaSibling = sibling && from.includes('/') && fromGroup === toGroup ? [`**/${sibling}`, `**/${sibling}/**`] : [];
  return [...patternsFor(to, except), ...viaSibling];
}

/** One no-restricted-imports entry per forbidden part, so the message names the rule broken. */
function boundaryPatterns(from, { forbid, types = [], except = [] }) {
  return [
    ...forbid.map((to) => ({ group: targetPatterns(from, to, except), message: `${from}/ must not import ${to}/ (see docs/architecture.md).` })),
    ...types.map((to) => ({ group: targetPatterns(from, to, except), allowTypeImports: true, message: `${from}/ may import only types from ${to}/ (see docs/architecture.md).` })),
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
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  ...Object.entries(LAYERS).filter(([part]) => part !== 'workflows').map(([part, rule]) => ({
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
          { group: patternsFor('common/node'), message: 'common/node/ holds Node-only helpers; workflows are deterministic.' },
          ...boundaryPatterns('workflows', LAYERS.workflows),
        ],
      }],
      'no-restricted-globals': ['error',
        { name: 'process', message: 'No process.env in workflows: pass config as workflow input.' },
        { name: 'setInterval', message: 'Use sleep()/condition() from @temporalio/workflow.' },
      ],
    },
  },
);
