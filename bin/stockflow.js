#!/usr/bin/env node
// Entry point of `npx stockflow`: the compiled CLI when built (npm run build), else the
// TypeScript sources under tsx. tsx runs as a loader of a child Node process (`--import tsx`,
// as `tsx file.ts` does), so both require() and import() of TypeScript work — the API that
// `stockflow dev` serves loads the model engine with import().
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');

const compiled = path.join(__dirname, '..', 'dist', 'cli', 'main.js');
if (fs.existsSync(compiled)) {
  require(compiled);
} else {
  const child = spawn(process.execPath, ['--import', require.resolve('tsx'), path.join(__dirname, '..', 'cli', 'main.ts'), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  // Ctrl-C reaches the child through the terminal's process group; forward signals sent to us alone.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
}
