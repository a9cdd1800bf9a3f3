/** `stockflow backup [SYMBOL…]`: verified backups of champion models, straight in the registry. */
import { defineCommand } from '../lib/command.js';
import { CliError, EXIT } from '../lib/errors.js';
import { table } from '../lib/format.js';
import { openRegistry } from '../lib/stores.js';
import { parseSymbols } from '../lib/values.js';

export default defineCommand({
  usage: '[SYMBOL…]',
  details:
    'Without symbols, backs up every symbol that has a champion. With symbols, each must have one '
    + '(exit 4 and nothing backed up otherwise). Retrains back up the champion on their own; this is '
    + 'for a manual checkpoint. Restore with `stockflow restore SYMBOL --backup ID`.',
  args: {
    reason: { type: 'string', valueHint: 'TEXT', description: 'why (kept with the backup; default "manual backup")' },
  },
  positionals: { min: 0, max: Infinity, name: 'SYMBOL' },
  examples: ['stockflow backup', 'stockflow backup SPY NVDA --reason "before config change"'],
  async run({ args: values }, ctx) {
    const positionals = values._;
    const config = ctx.config();
    const registry = await openRegistry(ctx);
    const explicit = positionals.length > 0;
    const candidates = explicit ? parseSymbols(positionals, config) : [...new Set([...config.symbols, ...registry.listSymbols()])];
    const withChampion = candidates.filter((s) => registry.getChampion(s) !== null);
    const without = candidates.filter((s) => !withChampion.includes(s));
    if (explicit && without.length) {
      throw new CliError(EXIT.notFound, 'NO_CHAMPION', `no champion model for ${without.join(', ')}; nothing was backed up`,
        `Train first (stockflow train ${without.join(' ')}) or leave ${without.length === 1 ? 'it' : 'them'} out`);
    }
    const reason = values.reason ?? 'manual backup';
    const backups = withChampion.map((s) => {
      const b = registry.backupChampion(s, reason);
      return { symbol: b.symbol, version: b.version, backupId: b.id, at: b.at, dir: b.dir };
    });
    const lines = backups.length
      ? [...table(['symbol', 'version', 'backup id'], backups.map((b) => [b.symbol, `v${b.version}`, b.backupId])), `${backups.length} backed up under ${registry.backupsRoot}`]
      : ['no champion models to back up yet'];
    return { data: { backups, skipped: without }, lines };
  },
});
