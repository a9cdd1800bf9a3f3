/** `npm run build:wasm`: recompiles every `.wat` source into the TypeScript module that embeds it. */
import { writeFileSync } from 'node:fs';
import { WASM_MODULES, compileWat, embeddingModule } from './compile.js';

for (const { source, embedded, exportName } of WASM_MODULES) {
  const binary = await compileWat(source);
  writeFileSync(embedded, embeddingModule(source, exportName, binary));
  console.log(`${source} → ${embedded} (${binary.length} bytes)`);
}
