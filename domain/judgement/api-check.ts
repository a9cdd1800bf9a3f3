import type { ApiCheckResult } from '../../common/wire/index.js';

const TIMEOUT_MS = 10_000;

/**
 * Calls `GET /predict/:symbol` of the prediction API for each symbol: success, status and
 * latency, with the API's own error message when it answered one. Shared by monitoring's
 * API check and `stockflow api-test`.
 */
export async function checkPredictApi(
  baseUrl: string, symbols: readonly string[], options: { token?: string; fetch?: typeof fetch } = {},
): Promise<ApiCheckResult> {
  const fetchImpl = options.fetch ?? fetch;
  const headers: Record<string, string> = options.token ? { authorization: `Bearer ${options.token}` } : {};
  const checks: ApiCheckResult['checks'] = [];
  for (const symbol of symbols) {
    const started = performance.now();
    try {
      const response = await fetchImpl(`${baseUrl}/predict/${encodeURIComponent(symbol)}`, { headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
      const body = await response.text();
      checks.push({ symbol, ok: response.ok, status: response.status, latencyMs: performance.now() - started, ...(response.ok ? {} : { error: `HTTP ${response.status}${errorText(body)}` }) });
    } catch (err) {
      checks.push({ symbol, ok: false, status: null, latencyMs: performance.now() - started, error: causeText(err) });
    }
  }
  const latencies = checks.map((c) => c.latencyMs).sort((a, b) => a - b);
  return {
    baseUrl,
    checks,
    successRate: checks.length ? checks.filter((c) => c.ok).length / checks.length : null,
    p50LatencyMs: latencies[Math.floor((latencies.length - 1) / 2)] ?? null,
  };
}

/** The API's error shape is `{ error: { code, message } }` (api/errors.ts); anything else shows the status only. */
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
  if ((err as Error).name === 'TimeoutError') return `no answer within ${TIMEOUT_MS / 1000} s`;
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message ?? String(err);
}
