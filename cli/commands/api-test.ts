import { apiBaseUrl } from '../../config';
import { defineCommand } from '../lib/command';
import { EXIT, messageOf, usageError } from '../lib/errors';
import { num, pct, table } from '../lib/format';
import { parseSymbols } from '../lib/values';

const TIMEOUT_MS = 10_000;

export default defineCommand({
  name: 'api-test',
  summary: 'call GET /predict/:symbol of the prediction API for every configured symbol: success and latency',
  usage: '[SYMBOL…] [--url URL]',
  description:
    'Uses api.host, api.port and api.token from the configuration (STOCKFLOW_API_HOST/PORT/TOKEN). '
    + 'Exit 1 when any call fails (non-2xx, timeout after 10 s, or no API listening).',
  options: {
    url: { type: 'string', value: 'URL', description: 'base URL of the API (default api.url, else http://<api.host>:<api.port>)' },
  },
  positionals: { min: 0, max: Infinity, name: 'SYMBOL' },
  examples: ['stockflow api-test', 'stockflow api-test SPY --url http://10.0.0.5:3000', 'stockflow api-test --json'],
  async run({ values, positionals }, ctx) {
    const config = ctx.config();
    const symbols = positionals.length ? parseSymbols(positionals, config) : config.symbols;
    const baseUrl = (values.url ?? apiBaseUrl(config)).replace(/\/$/, '');
    if (!/^https?:\/\/[^/]+/.test(baseUrl)) throw usageError('BAD_URL', `--url "${values.url}" is not an http(s) URL`, 'Use e.g. --url http://127.0.0.1:3000');
    const headers: Record<string, string> = config.api.token ? { authorization: `Bearer ${config.api.token}` } : {};

    const checks = [];
    for (const symbol of symbols) {
      const t0 = performance.now();
      try {
        const response = await fetch(`${baseUrl}/predict/${encodeURIComponent(symbol)}`, { headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
        const body = await response.text();
        checks.push({ symbol, ok: response.ok, status: response.status, latencyMs: performance.now() - t0, error: response.ok ? null : `HTTP ${response.status}${errorText(body)}` });
      } catch (err) {
        checks.push({ symbol, ok: false, status: null, latencyMs: performance.now() - t0, error: causeText(err) });
      }
    }
    const ok = checks.filter((c) => c.ok).length;
    const latencies = checks.map((c) => c.latencyMs).sort((a, b) => a - b);
    const summary = {
      baseUrl, checks, succeeded: ok, failed: checks.length - ok,
      successRate: checks.length ? ok / checks.length : null,
      p50LatencyMs: latencies.length ? latencies[Math.floor((latencies.length - 1) / 2)] : null,
      maxLatencyMs: latencies.length ? latencies[latencies.length - 1] : null,
    };
    const lines = [
      `GET ${baseUrl}/predict/:symbol`,
      ...table(['symbol', 'result', 'status', 'latency ms'], checks.map((c) => [c.symbol, c.ok ? 'ok' : `FAILED ${c.error}`, c.status === null ? '—' : String(c.status), num(c.latencyMs, 0)])),
      `${ok}/${checks.length} ok (${pct(summary.successRate, 0)}), p50 ${num(summary.p50LatencyMs, 0)} ms, max ${num(summary.maxLatencyMs, 0)} ms`,
    ];
    if (checks.length > 0 && checks.every((c) => c.status === null)) lines.push(`no API answered at ${baseUrl}: is it running (\`npm start\`), and are api.host/api.port right?`);
    return { data: summary, lines, exitCode: ok === checks.length ? EXIT.ok : EXIT.failed };
  },
});

/** The API's error shape is `{ error: { code, message } }` (api/errors.ts); anything else is shown as the status only. */
function errorText(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown };
    const m = typeof parsed.error === 'object' ? parsed.error?.message : parsed.error ?? parsed.message;
    return typeof m === 'string' ? `: ${m}` : '';
  } catch {
    return '';
  }
}

function causeText(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  if ((err as Error).name === 'TimeoutError') return `no answer within ${TIMEOUT_MS / 1000} s`;
  return cause?.code ?? cause?.message ?? messageOf(err);
}
