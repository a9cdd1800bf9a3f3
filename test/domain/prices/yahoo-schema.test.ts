/**
 * Yahoo answers in a shape we do not read, or refuses access: one more request, then a
 * permanent, clearly named error (never a retryable "unavailable" with a raw message).
 */
import { describe, expect, it } from 'vitest';
import {
  DataSourceUnavailableError,
  NON_RETRYABLE_ERROR_TYPES,
  UnusableDataSourceError,
} from '../../../common/errors.js';
import { YahooPriceSource } from '../../../domain/prices/yahoo-source.js';
import { chartBody, janBar } from './chart-body.js';
import { jsonResponse, sequenceFetch, statusFetch } from './yahoo-replay.js';

type Body = ReturnType<typeof chartBody>;
type Result = Body['chart']['result'][0];

/** A good three-session body with `change` applied to its (only) result. */
function bodyWith(change: (result: Partial<Result> & Record<string, unknown>) => void): unknown {
  const body = chartBody([janBar(2), janBar(3), janBar(4)]);
  change(body.chart.result[0]!);
  return body;
}

function run(fetch: ReturnType<typeof sequenceFetch>) {
  const warnings: string[] = [];
  const source = new YahooPriceSource({ fetch, logger: { warn: (m) => warnings.push(m) } });
  return { warnings, result: source.fetchBars('TEST').catch((e: unknown) => e) };
}

const text = (status: number, body: string, headers: Record<string, string> = {}) => () =>
  new Response(body, { status, headers });

describe('yahoo schema changes are a permanent UnusableDataSourceError (format) after one retry', () => {
  it.each([
    ['no indicators.quote', bodyWith((r) => { delete (r.indicators as Partial<Result['indicators']>).quote; }), 'chart.result[0].indicators.quote is missing'],
    ['no timestamp while quotes are present', bodyWith((r) => { delete r.timestamp; }), 'chart.result[0].timestamp is missing while quote arrays are present'],
    ['no meta', bodyWith((r) => { delete r.meta; }), 'chart.result[0].meta is missing'],
    ['result: []', { chart: { result: [], error: null } }, 'chart.result is [], not a list with one result'],
    ['result: null', { chart: { result: null, error: null } }, 'chart.result is null, not a list with one result'],
    ['no chart object', { finance: { result: [] } }, 'no "chart" object in the body'],
    ['a close array shorter than the timestamps', bodyWith((r) => { r.indicators!.quote[0]?.close.pop(); }), 'indicators.quote[0].close has 2 entries for 3 timestamps'],
    ['a timestamp array longer than the quotes', bodyWith((r) => { r.timestamp!.push(r.timestamp![2]! + 86400); }), 'indicators.quote[0].open has 3 entries for 4 timestamps'],
    ['no adjclose indicator', bodyWith((r) => { delete (r.indicators as Partial<Result['indicators']>).adjclose; }), 'the adjclose indicator (indicators.adjclose[0].adjclose) is missing'],
    ['an adjclose array of the wrong length', bodyWith((r) => { r.indicators!.adjclose[0]?.adjclose.pop(); }), 'indicators.adjclose[0].adjclose has 2 entries for 3 timestamps'],
    ['a price that is a string', bodyWith((r) => { (r.indicators!.quote[0]?.high as unknown[])[1] = '11'; }), 'indicators.quote[0].high[1] is "11", not a number or null'],
    ['a bogus exchangeTimezoneName', bodyWith((r) => { r.meta!.exchangeTimezoneName = 'Mars/Olympus'; }), 'meta.exchangeTimezoneName "Mars/Olympus" is not a time zone, so the session dates cannot be known'],
  ])('%s', async (_label, body, detail) => {
    const fetch = sequenceFetch(jsonResponse(body));
    const { warnings, result } = run(fetch);
    const err = await result;
    expect(err).toMatchObject({ name: 'UnusableDataSourceError', problem: 'format' });
    expect(err).toBeInstanceOf(UnusableDataSourceError);
    expect((err as UnusableDataSourceError).permanent).toBe(true);
    expect((err as Error).message).toBe(`yahoo answered for TEST in an unexpected format: ${detail}`);
    expect(fetch.calls).toHaveLength(2);
    expect(warnings).toEqual([`yahoo TEST: yahoo answered for TEST in an unexpected format: ${detail}; asking once more`]);
  });

  it('an HTML page with status 200', async () => {
    const fetch = sequenceFetch(text(200, '<!DOCTYPE html><html><body>Will be right back…</body></html>', { 'content-type': 'text/html; charset=utf-8' }));
    const err = await run(fetch).result;
    expect(err).toMatchObject({ name: 'UnusableDataSourceError', problem: 'format' });
    expect(err).toBeInstanceOf(UnusableDataSourceError);
    expect((err as Error).message).toBe(
      'yahoo answered for TEST in an unexpected format: a body that is not JSON (content-type text/html; charset=utf-8, starting "<!DOCTYPE html><html><body>Will be right")',
    );
    expect(fetch.calls).toHaveLength(2);
  });

  it('an empty body with status 200', async () => {
    const fetch = sequenceFetch(text(200, ''));
    const err = await run(fetch).result;
    expect(err).toMatchObject({ name: 'UnusableDataSourceError', problem: 'format' });
    expect(err).toBeInstanceOf(UnusableDataSourceError);
    expect((err as Error).message).toBe('yahoo answered for TEST in an unexpected format: an empty body');
    expect(fetch.calls).toHaveLength(2);
  });

  it('a body that passes our shape check but not yahoo-finance2\'s schema', async () => {
    const fetch = sequenceFetch(jsonResponse(bodyWith((r) => { (r.meta as Record<string, unknown>).regularMarketTime = 'soon'; })));
    const err = await run(fetch).result;
    expect(err).toMatchObject({ name: 'UnusableDataSourceError', problem: 'format' });
    expect(err).toBeInstanceOf(UnusableDataSourceError);
    expect((err as Error).message).toMatch(/^yahoo answered for TEST in an unexpected format: yahoo-finance2's schema check failed: \/meta\/regularMarketTime /);
    expect((err as Error).cause).toMatchObject({ name: 'FailedYahooValidationError' });
    expect(fetch.calls).toHaveLength(2);
  });

  it('a bad answer followed by a good one: the retry is real and the bars arrive', async () => {
    const fetch = sequenceFetch(text(200, '<html></html>', { 'content-type': 'text/html' }), jsonResponse(chartBody([janBar(2), janBar(3)])));
    const { warnings, result } = run(fetch);
    expect(((await result) as Array<{ date: string }>).map((b) => b.date)).toEqual(['2024-01-02', '2024-01-03']);
    expect(fetch.calls).toHaveLength(2);
    expect(warnings).toHaveLength(1);
  });

  it('a window without sessions (no timestamp, quote: [{}]) is an empty result, not a schema change', async () => {
    const body = bodyWith((r) => {
      delete r.timestamp;
      (r.indicators as unknown as Record<string, unknown>).quote = [{}];
      (r.indicators as unknown as Record<string, unknown>).adjclose = [{}];
    });
    const fetch = sequenceFetch(jsonResponse(body));
    await expect(run(fetch).result).resolves.toEqual([]);
    expect(fetch.calls).toHaveLength(1);
  });

  it('the error name is in the list retry policies never retry', () => {
    expect(NON_RETRYABLE_ERROR_TYPES).toContain('UnusableDataSourceError');
  });
});

describe('yahoo refusing access is a permanent UnusableDataSourceError (access) after one retry', () => {
  it('HTTP 401 with Yahoo\'s error body', async () => {
    const fetch = statusFetch(401, { finance: { result: null, error: { code: 'Unauthorized', description: 'User is unable to access this feature' } } }, 'Unauthorized');
    const err = await run(fetch).result;
    expect(err).toMatchObject({ name: 'UnusableDataSourceError', problem: 'access' });
    expect(err).toBeInstanceOf(UnusableDataSourceError);
    expect((err as UnusableDataSourceError).permanent).toBe(true);
    expect((err as Error).message).toBe('yahoo refused the request for TEST: HTTP 401 Unauthorized (User is unable to access this feature)');
    expect((err as Error).cause).toMatchObject({ name: 'YahooHttpError', status: 401 });
    expect(fetch.calls).toHaveLength(2);
  });

  it('HTTP 403 with an HTML page', async () => {
    const fetch = sequenceFetch(() => new Response('<html>Forbidden</html>', { status: 403, statusText: 'Forbidden', headers: { 'content-type': 'text/html' } }));
    const err = await run(fetch).result;
    expect(err).toMatchObject({ name: 'UnusableDataSourceError', problem: 'access' });
    expect(err).toBeInstanceOf(UnusableDataSourceError);
    expect((err as Error).message).toBe('yahoo refused the request for TEST: HTTP 403 Forbidden');
    expect(fetch.calls).toHaveLength(2);
  });

  it('HTTP 302 to a consent page, names where it pointed', async () => {
    const consent = 'https://consent.yahoo.com/v2/collectConsent?sessionId=3_cc-session';
    const fetch = sequenceFetch(() => new Response(null, { status: 302, statusText: 'Found', headers: { location: consent } }));
    const err = await run(fetch).result;
    expect(err).toMatchObject({ name: 'UnusableDataSourceError', problem: 'access' });
    expect(err).toBeInstanceOf(UnusableDataSourceError);
    expect((err as Error).message).toBe(`yahoo refused the request for TEST: HTTP 302: redirected to ${consent} instead of answering`);
    expect(fetch.calls).toHaveLength(2);
  });

  it('a redirect the fetch followed to an HTML page is a refusal, naming the page', async () => {
    const page = 'https://guce.yahoo.com/consent';
    const redirected = () => {
      const response = new Response('<html>consent</html>', { status: 200, headers: { 'content-type': 'text/html' } });
      Object.defineProperty(response, 'redirected', { value: true });
      Object.defineProperty(response, 'url', { value: page });
      return response;
    };
    const err = await run(sequenceFetch(redirected)).result;
    expect(err).toMatchObject({ name: 'UnusableDataSourceError', problem: 'access' });
    expect(err).toBeInstanceOf(UnusableDataSourceError);
    expect((err as Error).message).toBe(`yahoo refused the request for TEST: HTTP 302: redirected to ${page} instead of answering`);
  });

  it('HTTP 503 is still retryable and not asked again inside the source (Temporal retries it)', async () => {
    const fetch = statusFetch(503, {}, 'Service Unavailable');
    const err = await run(fetch).result;
    expect(err).toBeInstanceOf(DataSourceUnavailableError);
    expect(fetch.calls).toHaveLength(1);
  });
});
