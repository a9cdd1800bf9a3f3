/** The registry contract over the embedded file store (directories under <dataDir>/models). */
import fs from 'node:fs';
import { afterAll } from 'vitest';
import { fileHarness } from './file-harness.js';
import { registryContract } from './registry-contract.js';

const dataDirs: string[] = [];
afterAll(() => {
  for (const d of dataDirs) fs.rmSync(d, { recursive: true, force: true });
});

registryContract(() => {
  const harness = fileHarness();
  dataDirs.push(harness.dataDir);
  return harness;
});
