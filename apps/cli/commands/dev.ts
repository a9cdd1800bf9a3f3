/** `stockflow dev`: the local stack, like `npm start` (the stack's modules loaded only when it runs). */
import { defineCommand } from '../lib/command.js';

export default defineCommand({
  usage: '[--once] [--offline]',
  details:
    'The same as `npm start`. Keeps running until Ctrl-C; the Temporal UI is at http://localhost:<temporal.devServerUiPort>. '
    + 'Other stockflow commands connect to the server this starts. --once exits after the first pass (exit 2 when a price refresh failed).',
  args: {
    once: { type: 'boolean', description: 'stop after the first pass' },
    offline: { type: 'boolean', description: 'prices from STOCKFLOW_PRICES_DIR, ../shared/data/prices or synthetic instead of Yahoo' },
  },
  positionals: { min: 0, max: 0, name: '' },
  examples: ['stockflow dev', 'stockflow dev --offline', 'STOCKFLOW_PRICE_SOURCE=synthetic stockflow dev --once'],
  async run({ args }, ctx) {
    // Validated here, so a bad value is a usage error before anything starts; the stack gets this
    // configuration itself (never through the environment).
    const config = ctx.ownConfig();
    const log = ctx.json ? (line: string) => process.stderr.write(`${line}\n`) : (line: string) => process.stdout.write(`${line}\n`);
    const { runStack } = await import('../../stack/run-stack.js');
    const { offlineRequested } = await import('../../stack/offline-source.js');
    const offline = !!args.offline || offlineRequested(process.env);
    const exitCode = await runStack({ config, once: !!args.once, offline, log });
    return { data: { once: !!args.once, exitCode }, lines: [], exitCode };
  },
});
