import type { AlertRecord } from '../../history';
import { defineCommand } from '../lib/command';
import { CliError, EXIT } from '../lib/errors';
import { isoMinute, table } from '../lib/format';
import { openHistory, openHistoryForWrite } from '../lib/stores';
import { parsePositiveInt, parseSymbols } from '../lib/values';

export default defineCommand({
  name: 'alerts',
  summary: 'list unacknowledged alerts (or --all recent ones), and acknowledge them',
  usage: '[SYMBOL] [--all] [--ack ID… | --ack-all]',
  description:
    'Alerts are raised by monitoring (performance, trend, health, API, data, retrains) and counted as '
    + 'unacknowledged by `status`, the dashboard and /metrics until acknowledged here.',
  options: {
    all: { type: 'boolean', description: 'list acknowledged alerts too (the newest 50)' },
    ack: { type: 'string', value: 'ID', multiple: true, description: 'acknowledge this alert (repeatable)' },
    'ack-all': { type: 'boolean', description: 'acknowledge every unacknowledged alert (of SYMBOL, when given)' },
  },
  positionals: { min: 0, max: 1, name: 'SYMBOL' },
  examples: ['stockflow alerts', 'stockflow alerts TSLA --all', 'stockflow alerts --ack 12 --ack 13', 'stockflow alerts SPY --ack-all'],
  async run({ values, positionals }, ctx) {
    const symbol = positionals.length ? parseSymbols(positionals, ctx.config())[0] : undefined;
    const ids = (values.ack ?? []).map((raw) => parsePositiveInt('ack', raw));
    if (ids.length || values['ack-all']) {
      const history = openHistoryForWrite(ctx);
      const targets = values['ack-all'] ? history.recentAlerts({ symbol, unacknowledgedOnly: true, limit: 100_000 }).map((a) => a.id) : ids;
      const unknown = ids.filter((id) => !history.getAlert(id));
      if (unknown.length) throw new CliError(EXIT.notFound, 'NOT_FOUND', `no alert ${unknown.join(', ')}`, 'List them with: stockflow alerts --all');
      const acknowledged = targets.filter((id) => history.acknowledgeAlert(id));
      return { data: { acknowledged }, lines: [`${acknowledged.length} alert(s) acknowledged${acknowledged.length ? `: ${acknowledged.join(', ')}` : ''}`] };
    }
    const alerts: AlertRecord[] = openHistory(ctx)?.recentAlerts({ symbol, unacknowledgedOnly: !values.all, limit: 50 }) ?? [];
    const lines = alerts.length
      ? table(['id', 'at', 'symbol', 'severity', 'kind', 'message', 'ack'], alerts.map((a) => [
        String(a.id), isoMinute(a.at), a.symbol ?? '—', a.severity, a.kind, a.message, a.acknowledged ? 'yes' : '',
      ]))
      : [values.all ? 'no alerts' : 'no unacknowledged alerts'];
    return { data: { alerts }, lines };
  },
});
