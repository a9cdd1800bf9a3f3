/** buildDependencies: the activities' price source for a backtest on other data is built as the configured one is. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/index.js';
import { buildDependencies } from '../../worker/dependencies.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('buildDependencies', () => {
  it('priceSourceFor (backtestModel --source) resolves csv: against the config file and names a bad spec', () => {
    const dataDir = tempDir('stockflow-deps-');
    const file = path.join(dataDir, 'stockflow.config.yaml');
    writeFileSync(file, 'priceSource: synthetic:5\n');
    const deps = buildDependencies(loadConfig({ file, cwd: '/', env: { STOCKFLOW_DATA_DIR: dataDir } }));
    try {
      expect(deps.sourceName).toBe('synthetic:5');
      expect(deps.priceSourceFor('csv:other').name).toBe(`csv:${path.join(dataDir, 'other')}`);
      expect(deps.priceSourceFor('synthetic:8').name).toBe('synthetic:8');
      expect(() => deps.priceSourceFor('nope')).toThrow(/source = "nope" is not allowed/);
    } finally {
      deps.close();
    }
  });
});
