import { appendFileSync, copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvPriceSource, PriceCache, YahooPriceSource, type PriceSource } from '../../domain/prices/index.js';
import { ApplicationFailure, WorkflowFailedError } from '@temporalio/client';
import { resultOfAllSymbolsFailed, runRefreshPrices } from '../../client/index.js';
import type { RefreshPricesResult } from '../../common/wire/index.js';
import { workflowIds } from '../../common/constants.js';
import { PRICES_DIR, YAHOO_FIXTURES_DIR } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp-dir.js';
import { activityAttempts, withWorkers } from '../helpers/temporal.js';
import { testDeps } from '../helpers/deps.js';
import { replayFetch, sequenceFetch } from '../domain/prices/yahoo-replay.js';

const AAPL_FIXTURE = path.join(YAHOO_FIXTURES_DIR, 'node-yahoo-finance2@HEAD/tests/fixtures/http/chart-AAPL-2020-08-31-to-2020-11-07.json');

function csvRows(file: string): number {
  return readFileSync(file, 'utf8').trim().split('\n').length - 1;
}

function cacheWith(source: PriceSource, dir: string): PriceCache {
  return new PriceCache({ dir, source, logger: { warn: () => undefined } });
}

describe('refreshPrices workflow (real dev server, real worker)', () => {
  it('stores every row, adds nothing on a second run, and picks up an appended day', async () => {
    const root = tempDir('stockflow-refresh-');
    const sourceDir = path.join(root, 'source');
    mkdirSync(sourceDir);
    for (const s of ['AAPL', 'MP']) copyFileSync(path.join(PRICES_DIR, `${s}.csv`), path.join(sourceDir, `${s}.csv`));
    const priceCache = cacheWith(new CsvPriceSource({ dir: sourceDir }), path.join(root, 'cache'));

    await withWorkers(testDeps({ priceCache, dataDir: root, symbols: ['AAPL', 'MP'] }), async ({ client, taskQueue }) => {
      const first = await runRefreshPrices(client, { symbols: ['AAPL', 'MP', 'SPY'] }, { taskQueue, runKey: `first-${taskQueue}` });
      expect(first.succeeded).toBe(2);
      expect(first.failed).toBe(1);
      const [aapl, mp, spy] = first.outcomes;
      expect(aapl).toMatchObject({ ok: true, symbol: 'AAPL', rowsAdded: csvRows(path.join(PRICES_DIR, 'AAPL.csv')), lastDate: '2025-06-30' });
      expect(mp).toMatchObject({ ok: true, symbol: 'MP', rowsAdded: csvRows(path.join(PRICES_DIR, 'MP.csv')) });
      // SPY is not in this source directory: a permanent error, reported, not retried, not fatal.
      expect(spy).toMatchObject({ ok: false, symbol: 'SPY', errorType: 'UnknownSymbolError', retryable: false });
      expect(csvRows(path.join(root, 'cache', 'AAPL.csv'))).toBe(csvRows(path.join(PRICES_DIR, 'AAPL.csv')));
      expect((await activityAttempts(client, workflowIds.refreshPrices(`first-${taskQueue}`))).refreshPriceChunk).toEqual([1, 1, 1]);
      // A partial failure completes, with the failed count and symbols in the memo the Temporal UI shows.
      const described = await client.workflow.getHandle(workflowIds.refreshPrices(`first-${taskQueue}`)).describe();
      expect(described.status.name).toBe('COMPLETED');
      expect(described.memo).toEqual({ refreshTotal: 3, refreshFailed: 1, refreshFailedSymbols: ['SPY'] });

      const second = await runRefreshPrices(client, { symbols: ['AAPL', 'MP'] }, { taskQueue, runKey: `second-${taskQueue}` });
      expect(second.outcomes.map((o) => (o.ok ? o.rowsAdded : -1))).toEqual([0, 0]);

      appendFileSync(path.join(sourceDir, 'AAPL.csv'), '2025-07-01,206.67,210.19,206.14,207.82,207.82,78788900\n');
      const third = await runRefreshPrices(client, { symbols: ['AAPL'] }, { taskQueue, runKey: `third-${taskQueue}` });
      expect(third.outcomes[0]).toMatchObject({ ok: true, rowsAdded: 1, lastDate: '2025-07-01' });
    });
  });

  it('fails the workflow, naming every symbol and its cause, when every symbol failed', async () => {
    const root = tempDir('stockflow-refresh-all-fail-');
    const sourceDir = path.join(root, 'source');
    mkdirSync(sourceDir);
    const priceCache = cacheWith(new CsvPriceSource({ dir: sourceDir }), path.join(root, 'cache'));
    await withWorkers(testDeps({ priceCache, dataDir: root, symbols: ['AAPL', 'MP'] }), async ({ client, taskQueue }) => {
      const failure = await runRefreshPrices(client, {}, { taskQueue, runKey: taskQueue }).then(() => null, (e: unknown) => e);
      expect(failure).toBeInstanceOf(WorkflowFailedError);
      const cause = (failure as WorkflowFailedError).cause;
      expect(cause).toBeInstanceOf(ApplicationFailure);
      expect(cause).toMatchObject({ type: 'AllSymbolsFailed', nonRetryable: true });
      expect(cause?.message).toMatch(/^refreshPrices: every symbol failed \(2 of 2\): AAPL — UnknownSymbolError: unknown symbol AAPL .*; MP — UnknownSymbolError: unknown symbol MP /);
      // The per-symbol outcomes travel with the failure (npm start prints them).
      expect(resultOfAllSymbolsFailed<RefreshPricesResult>(failure)).toMatchObject({
        succeeded: 0, failed: 2, outcomes: [{ ok: false, symbol: 'AAPL', errorType: 'UnknownSymbolError' }, { ok: false, symbol: 'MP', errorType: 'UnknownSymbolError' }],
      });
      const described = await client.workflow.getHandle(workflowIds.refreshPrices(taskQueue)).describe();
      expect(described.status.name).toBe('FAILED');
      expect(described.memo).toEqual({ refreshTotal: 2, refreshFailed: 2, refreshFailedSymbols: ['AAPL', 'MP'] });
      // Permanent errors: not retried.
      expect((await activityAttempts(client, workflowIds.refreshPrices(taskQueue))).refreshPriceChunk).toEqual([1, 1]);
    });
  });

  it('uses the configured universe when no symbols are given', async () => {
    const root = tempDir('stockflow-refresh-default-');
    const priceCache = cacheWith(new CsvPriceSource({ dir: PRICES_DIR }), path.join(root, 'cache'));
    await withWorkers(testDeps({ priceCache, dataDir: root, symbols: ['SMR', 'AUR'] }), async ({ client, taskQueue }) => {
      const result = await runRefreshPrices(client, {}, { taskQueue, runKey: taskQueue });
      expect(result.outcomes.map((o) => o.symbol)).toEqual(['SMR', 'AUR']);
      expect(result.succeeded).toBe(2);
    });
  });
});

describe('yahoo source through Temporal retries', () => {
  function flakyFetch(failures: Array<'429' | 'network'>) {
    const replay = replayFetch(AAPL_FIXTURE);
    let calls = 0;
    return async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      const failure = failures[calls++];
      if (failure === '429') return new Response('Too Many Requests', { status: 429, statusText: 'Too Many Requests' });
      if (failure === 'network') throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
      return replay(input, init);
    };
  }

  it.each([
    ['HTTP 429 twice', ['429', '429'] as const, 3],
    ['a network error once', ['network'] as const, 2],
  ])('retries after %s and then stores the recorded bars', async (_label, failures, attempts) => {
    const root = tempDir('stockflow-yahoo-retry-');
    const source = new YahooPriceSource({ fetch: flakyFetch([...failures]), logger: { warn: () => undefined } });
    const priceCache = cacheWith(source, path.join(root, 'cache'));
    await withWorkers(testDeps({ priceCache, dataDir: root, symbols: ['AAPL'] }), async ({ client, taskQueue }) => {
      const result = await runRefreshPrices(client, { symbols: ['AAPL'] }, { taskQueue, runKey: taskQueue });
      expect(result.outcomes[0]).toMatchObject({ ok: true, symbol: 'AAPL', rowsAdded: 49, firstDate: '2020-08-31', lastDate: '2020-11-06' });
      expect((await activityAttempts(client, workflowIds.refreshPrices(taskQueue))).refreshPriceChunk).toEqual([attempts]);
    });
  });

  it('fails a changed response format (an HTML 200 page) after one request retry and one activity attempt', async () => {
    const root = tempDir('stockflow-yahoo-schema-');
    const html = sequenceFetch(() => new Response('<!DOCTYPE html><html>Yahoo</html>', { status: 200, headers: { 'content-type': 'text/html' } }));
    const priceCache = cacheWith(new YahooPriceSource({ fetch: html, logger: { warn: () => undefined } }), path.join(root, 'cache'));
    await withWorkers(testDeps({ priceCache, dataDir: root, symbols: ['AAPL'] }), async ({ client, taskQueue }) => {
      // Its only symbol failed, so the workflow failed; the outcome travels with the failure.
      const failure = await runRefreshPrices(client, { symbols: ['AAPL'] }, { taskQueue, runKey: taskQueue }).then(() => null, (e: unknown) => e);
      const result = resultOfAllSymbolsFailed<RefreshPricesResult>(failure);
      expect(result?.outcomes[0]).toMatchObject({ ok: false, symbol: 'AAPL', errorType: 'UnusableDataSourceError', retryable: false });
      expect((result?.outcomes[0] as { error: string }).error).toContain('yahoo answered for AAPL in an unexpected format: a body that is not JSON');
      expect((await activityAttempts(client, workflowIds.refreshPrices(taskQueue))).refreshPriceChunk).toEqual([1]);
      expect(html.calls).toHaveLength(2);
    });
  });

  it('fails fast on an unknown symbol (HTTP 404) without retrying', async () => {
    const root = tempDir('stockflow-yahoo-404-');
    const notFound = async () => new Response(JSON.stringify({ chart: { result: null, error: { code: 'Not Found', description: 'No data found, symbol may be delisted' } } }), {
      status: 404, statusText: 'Not Found', headers: { 'content-type': 'application/json' },
    });
    const priceCache = cacheWith(new YahooPriceSource({ fetch: notFound, logger: { warn: () => undefined } }), path.join(root, 'cache'));
    await withWorkers(testDeps({ priceCache, dataDir: root, symbols: ['NOPE'] }), async ({ client, taskQueue }) => {
      // Its only symbol failed, so the workflow failed; the outcome travels with the failure.
      const failure = await runRefreshPrices(client, { symbols: ['NOPE'] }, { taskQueue, runKey: taskQueue }).then(() => null, (e: unknown) => e);
      const result = resultOfAllSymbolsFailed<RefreshPricesResult>(failure);
      expect(result?.outcomes[0]).toMatchObject({ ok: false, symbol: 'NOPE', errorType: 'UnknownSymbolError', retryable: false });
      expect((result?.outcomes[0] as { error: string }).error).toMatch(/NOPE/);
      expect((await activityAttempts(client, workflowIds.refreshPrices(taskQueue))).refreshPriceChunk).toEqual([1]);
    });
  });
});
