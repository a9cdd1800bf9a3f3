/** `stockflow api-test [SYMBOL…]`: GET /predict/:symbol per symbol, success and latency. */
import { defineCommand } from '../lib/command.js';
import { EXIT, usageError } from '../lib/errors.js';
import { num, pct, table } from '../lib/format.js';
import { parseSymbols } from '../lib/values.js';


export default defineCommand({
  usage: '[SYMBOL…] [--url URL]',
  details:
    'Uses api.host, api.port and api.token from the configuration (STOCKFLOW_API_HOST/PORT/TOKEN). '
    + 'Exit 1 when any call fails (non-2xx, timeout after 10 s, or no API listening).',
  args: {
    url: { type: 'string', valueHint: 'URL', description: 'base URL of the API (default api.url, else http://<api.host>:<api.port>)' },
  },
  positionals: { min: 0, max: Infinity, name: 'SYMBOL' },
  examples: ['stockflow api-test', 'stockflow api-test SPY --url http://10.0.0.5:3000', 'stockflow api-test --json'],
  async run({ args: values }, ctx) {
    const config = ctx.config();
    const symbols = values._.length ? parseSymbols(values._, config) : config.symbols;
    const { apiBaseUrl } = await import('../../../config/index.js');
    const { checkPredictApi } = await import('../../../domain/judgement/index.js');
    const baseUrl = (values.url ?? apiBaseUrl(config)).replace(/\/$/, '');
    if (!/^https?:\/\/[^/]+/.test(baseUrl)) throw usageError('BAD_URL', `--url "${values.url}" is not an http(s) URL`, 'Use e.g. --url http://127.0.0.1:3000');
    const result = await checkPredictApi(baseUrl, symbols, { token: config.api.token });
    const checks = result.checks.map((c) => ({ ...c, error: c.error ?? null }));
    const ok = checks.filter((c) => c.ok).length;
    const maxLatency = checks.length ? Math.max(...checks.map((c) => c.latencyMs)) : null;
    const summary = { ...result, checks, succeeded: ok, failed: checks.length - ok, maxLatencyMs: maxLatency };
    const lines = [
      `GET ${baseUrl}/predict/:symbol`,
      ...table(['symbol', 'result', 'status', 'latency ms'], checks.map((c) => [c.symbol, c.ok ? 'ok' : `FAILED ${c.error}`, c.status === null ? '—' : String(c.status), num(c.latencyMs, 0)])),
      `${ok}/${checks.length} ok (${pct(summary.successRate, 0)}), p50 ${num(summary.p50LatencyMs, 0)} ms, max ${num(summary.maxLatencyMs, 0)} ms`,
    ];
    if (checks.length > 0 && checks.every((c) => c.status === null)) lines.push(`no API answered at ${baseUrl}: is it running (\`npm start\`), and are api.host/api.port right?`);
    return { data: summary, lines, exitCode: ok === checks.length ? EXIT.ok : EXIT.failed };
  },
});
