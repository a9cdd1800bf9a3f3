#!/usr/bin/env node
// Entry point of `npx stockflow`. Runs the compiled CLI (dist/, built by `npm ci`'s prepare step
// or `npm run build`) in this process when it is at least as new as every TypeScript source;
// otherwise (no build yet, or a source edited since) the sources themselves under tsx, in a
// child Node process (`--import tsx`, as `tsx file.ts` does), so an edit is never run stale.
// STOCKFLOW_CLI_FROM_SOURCE=1 forces the tsx route. `stockflow dev` without MALLOC_ARENA_MAX (Linux)
// also runs in a child process, one started with MALLOC_ARENA_MAX=2.
import { existsSync, readdirSync, statSync } from 'node:fs';
import module, { createRequire } from 'node:module';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';

const root = path.join(import.meta.dirname, '..');
const compiled = path.join(root, 'dist', 'apps', 'cli', 'main.js');
// What tsconfig.build.json compiles: every .ts outside these top-level folders, plus the compiler settings.
const NOT_COMPILED = new Set(['node_modules', 'dist', 'test', 'bench', 'docs', '.git', '.tools', '.stockflow', 'test-artifacts']);
const SETTINGS = ['tsconfig.json', 'tsconfig.build.json', 'package.json'];

/** true when dist/ was built after the last change to any compiled source. */
function compiledIsCurrent() {
  if (process.env.STOCKFLOW_CLI_FROM_SOURCE === '1' || !existsSync(compiled)) return false;
  const builtAt = statSync(compiled).mtimeMs;
  if (SETTINGS.some((f) => statSync(path.join(root, f), { throwIfNoEntry: false })?.mtimeMs > builtAt)) return false;
  const newer = (dir) => readdirSync(dir, { withFileTypes: true }).some((e) => {
    if (e.isDirectory()) return e.name !== 'node_modules' && !(dir === root && NOT_COMPILED.has(e.name)) && newer(path.join(dir, e.name));
    return e.name.endsWith('.ts') && statSync(path.join(dir, e.name)).mtimeMs > builtAt;
  });
  return !newer(root);
}

// `stockflow dev` runs the worker in this process, and glibc reads MALLOC_ARENA_MAX only when a
// process starts (worker/malloc-arenas.ts): without it, `dev` runs in a child process that has it.
const arenaLimit = process.platform === 'linux' && !process.env.MALLOC_ARENA_MAX && process.argv.slice(2).includes('dev')
  ? { MALLOC_ARENA_MAX: '2' } : null;
const current = compiledIsCurrent();

if (current && !arenaLimit) {
  // Node ≥ 22.1 keeps V8's compiled code between runs (a no-op on Node 20).
  module.enableCompileCache?.();
  await import(pathToFileURL(compiled).href);
} else {
  if (!current && existsSync(compiled) && process.stderr.isTTY && process.env.STOCKFLOW_CLI_FROM_SOURCE !== '1') {
    process.stderr.write('stockflow: sources changed since the last build; running them through tsx (slower start). `npm run build:cli` makes it fast again.\n');
  }
  const entry = current ? [compiled] : ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href, path.join(root, 'apps', 'cli', 'main.ts')];
  const child = spawn(process.execPath, [...entry, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, ...arenaLimit },
  });
  // Ctrl-C reaches the child through the terminal's process group; forward signals sent to us alone.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
}
