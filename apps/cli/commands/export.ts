/** `stockflow export SYMBOL [--version N] DIR`: a registry version written out in tfjs's file:// layout. */
import { defineCommand } from '../lib/command.js';
import { exportVersion } from '../lib/export-version.js';
import { openRegistry } from '../lib/stores.js';
import { parsePositiveInt, parseSymbol } from '../lib/values.js';

export default defineCommand({
  usage: 'SYMBOL [--version N] DIR',
  details:
    'Writes the champion (or --version N) of SYMBOL into DIR, from whichever store is configured (the '
    + 'model files, or the shared PostgreSQL store with store.url): model.json + weights.bin load with '
    + 'tf.loadLayersModel(\'file://DIR/model.json\'); ensemble.json, metadata.json and checksums.json '
    + 'are the rest of the version as stored. Every file is verified first. DIR must be new or empty. '
    + 'Exit 4 when there is no such version (or no champion).',
  args: {
    version: { type: 'string', valueHint: 'N', description: 'version to export (default: the champion)' },
  },
  positionals: { min: 2, max: 2, name: 'SYMBOL DIR' },
  examples: ['stockflow export SPY ./spy-model', 'stockflow export NVDA --version 3 /tmp/nvda-v3'],
  async run({ args: values }, ctx) {
    const [rawSymbol, dir] = values._ as [string, string];
    const symbol = parseSymbol('export', [rawSymbol], ctx.config());
    const version = values.version === undefined ? undefined : parsePositiveInt('version', values.version);
    const registry = await openRegistry(ctx);
    const result = exportVersion(registry, symbol, dir, version === undefined ? {} : { version });
    return {
      data: result,
      lines: [`${symbol} v${result.version} exported to ${result.dir}: ${result.files.join(', ')}`, `load it with tf.loadLayersModel('file://${result.dir}/model.json')`],
    };
  },
});
