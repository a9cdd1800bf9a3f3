// `npm run build` step: copies the plain-JavaScript modules tsc does not emit (it compiles only .ts)
// next to their compiled neighbours in dist/, so `new URL('./x.mjs', import.meta.url)` finds them.
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

/** Source paths (relative to the repository root) copied to the same place under dist/. */
export const BUILD_ASSETS = ['domain/sql/pg-bridge-worker.mjs'];

const root = path.resolve(import.meta.dirname, '..');
for (const asset of BUILD_ASSETS) {
  const target = path.join(root, 'dist', asset);
  mkdirSync(path.dirname(target), { recursive: true });
  copyFileSync(path.join(root, asset), target);
}
console.log(`copied ${BUILD_ASSETS.length} build asset(s) into dist/`);
