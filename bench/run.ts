// `npm run bench -- train quality predict api`: runs the named benchmarks one after another
// (each writes bench/results/<name>.json). No names: lists them.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const names = process.argv.slice(2);
const available = ['train', 'quality', 'predict', 'pipeline', 'api', 'torch'].filter((n) => existsSync(path.join(import.meta.dirname, `${n}.ts`)));
if (names.length === 0) {
  console.log(`usage: npm run bench -- <${available.join('|')}> [more…]   (or npm run bench:<name>)`);
  process.exit(0);
}
for (const name of names) {
  if (!available.includes(name)) {
    console.error(`unknown benchmark "${name}"; available: ${available.join(', ')}`);
    process.exit(2);
  }
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, `${name}.ts`)], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
