// `npm ci` / `npm install` prepare step: compiles the TypeScript into dist/ (tsc -p
// tsconfig.build.json), so that bin/stockflow starts the compiled CLI at once instead of
// compiling on the fly with tsx. Skipped with a note where it cannot run — before the sources
// are copied (the Dockerfile installs dependencies first) or without dev dependencies — and
// never fails the install on a type error: tsc still emits, `npm run typecheck` reports it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.join(import.meta.dirname, '..');
const skip = (why) => {
  console.log(`stockflow prepare: not compiling the CLI (${why}); bin/stockflow runs the sources through tsx until \`npm run build:cli\``);
  process.exit(0);
};

if (!existsSync(path.join(root, 'tsconfig.build.json')) || !existsSync(path.join(root, 'apps', 'cli', 'main.ts'))) skip('no sources here yet');
let tsc;
try {
  tsc = createRequire(path.join(root, 'package.json')).resolve('typescript/bin/tsc');
} catch {
  skip('typescript is not installed');
}
const started = Date.now();
const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
const seconds = ((Date.now() - started) / 1000).toFixed(0);
if (result.status === 0) console.log(`stockflow prepare: compiled into dist/ in ${seconds} s`);
else console.log(`stockflow prepare: tsc reported errors (exit ${result.status ?? result.signal}) after ${seconds} s; dist/ holds what it emitted`);
