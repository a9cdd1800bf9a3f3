/** `stockflow alerts`: the open incidents (one per symbol and rule) monitoring keeps, and acknowledging them. */
import type { Incident } from '../../../common/wire/index.js';
import { defineCommand, repeatedOption } from '../lib/command.js';
import { CliError, EXIT } from '../lib/errors.js';
import { isoMinute, paragraph, table, TABLE_WIDTH } from '../lib/format.js';
import { openHistory, openHistoryForWrite } from '../lib/stores.js';
import { parsePositiveInt, parseSymbols } from '../lib/values.js';

export default defineCommand({
  usage: '[SYMBOL] [--all] [--ack ID… | --ack-all]',
  details:
    'Monitoring keeps one incident per symbol and rule (api, data, health, absolute-threshold, skill-trend, …): '
    + 'it opens when a run first finds the condition, counts every run that finds it again, and resolves by '
    + 'itself on the first run that no longer does. Acknowledging marks it seen; it stays open until it clears. '
    + '`status`, the dashboard and /metrics count the open ones.',
  args: {
    all: { type: 'boolean', description: 'list resolved incidents too (the 50 seen most recently)' },
    ack: { type: 'string', valueHint: 'ID', description: 'acknowledge this incident (repeatable)' },
    'ack-all': { type: 'boolean', description: 'acknowledge every open, unacknowledged incident (of SYMBOL, when given)' },
  },
  positionals: { min: 0, max: 1, name: 'SYMBOL' },
  examples: ['stockflow alerts', 'stockflow alerts TSLA --all', 'stockflow alerts --ack 12 --ack 13', 'stockflow alerts SPY --ack-all'],
  async run({ args: values, rawArgs }, ctx) {
    const symbol = values._.length ? parseSymbols(values._, ctx.config())[0] : undefined;
    const ids = repeatedOption(rawArgs, 'ack').map((raw) => parsePositiveInt('ack', raw));
    if (ids.length || values['ack-all']) {
      const history = await openHistoryForWrite(ctx);
      const targets = values['ack-all']
        ? history.incidents({ status: 'open', symbol, limit: 100_000 }).filter((i) => !i.acknowledged).map((i) => i.id)
        : ids;
      const unknown = ids.filter((id) => !history.getIncident(id));
      if (unknown.length) throw new CliError(EXIT.notFound, 'NOT_FOUND', `no incident ${unknown.join(', ')}`, 'List them with: stockflow alerts --all');
      const acknowledged = targets.filter((id) => history.acknowledgeIncident(id));
      return { data: { acknowledged }, lines: [`${acknowledged.length} incident(s) acknowledged${acknowledged.length ? `: ${acknowledged.join(', ')}` : ''}`] };
    }
    const incidents: Incident[] = (await openHistory(ctx))?.incidents({ status: values.all ? 'all' : 'open', symbol, limit: 50 }) ?? [];
    return { data: { incidents }, lines: render(incidents, Boolean(values.all)) };
  },
});

function render(incidents: Incident[], all: boolean): string[] {
  if (!incidents.length) return [all ? 'no incidents' : 'no open incidents'];
  const lines = table(
    ['id', 'symbol', 'rule', 'severity', ...(all ? ['status'] : []), 'first seen', 'last seen', 'count', 'ack', 'message'],
    incidents.map((i) => [
      String(i.id), i.symbol ?? 'system', i.rule, i.severity, ...(all ? [i.status === 'resolved' ? `resolved ${isoMinute(i.resolvedAt)}` : 'open'] : []),
      isoMinute(i.firstSeen), isoMinute(i.lastSeen), String(i.occurrences), i.acknowledged ? 'yes' : '', i.message,
    ]),
  );
  const open = incidents.filter((x) => x.status === 'open');
  if (open.length) lines.push('', 'what to do:', ...open.flatMap((i) => paragraph(`#${i.id} ${i.symbol ?? 'system'} ${i.rule}: ${i.advice}`, TABLE_WIDTH - 2).map((l) => `  ${l}`)));
  return lines;
}
