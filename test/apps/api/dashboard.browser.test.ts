/**
 * The dashboard in headless Chromium against a real API listening on a free port, with real
 * trained models: the status table, the SVG charts, the Temporal UI links, the token prompt,
 * and a screenshot in test-artifacts/dashboard.png. Chromium comes from
 * scripts/install-browser.sh (Debian's package at /usr/bin/chromium).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer, type ScheduleInfo } from '../../../apps/api/index.js';
import { percentAgainst } from '../../../apps/api/dashboard/format.js';
import { loadConfig } from '../../../config/index.js';
import { PRICES_DIR } from '../../helpers/paths.js';
import { ARTIFACTS, launchChromium } from '../../helpers/chromium.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { buildFixture, TOKEN, type Fixture } from './fixture.js';

const schedules: ScheduleInfo[] = [
  { id: 'weekly-training', paused: false, nextRunTimes: [new Date(Date.now() + 3 * 86_400_000).toISOString()] },
  { id: 'monitoring', paused: false, nextRunTimes: [new Date(Date.now() + 5 * 3_600_000).toISOString()] },
  { id: 'monthly-comprehensive', paused: true, nextRunTimes: [] },
];

let fx: Fixture;
let browser: Browser;
const servers: ApiServer[] = [];

async function serve(extraEnv: Record<string, string> = {}): Promise<ApiServer> {
  // A configuration file like an operator's who turned the absolute thresholds on, with a per-symbol override.
  writeFileSync(path.join(fx.dataDir, 'stockflow.config.yaml'), 'thresholds:\n  minDirectionAccuracy: 0.45\n  maxMape: 0.05\n  minConfidence: 0.6\n  overrides:\n    AAPL:\n      maxMape: 0.08\n');
  const config = loadConfig({
    cwd: fx.dataDir,
    env: { STOCKFLOW_DATA_DIR: fx.dataDir, STOCKFLOW_SYMBOLS: 'SPY,AAPL,MSFT', STOCKFLOW_PRICE_SOURCE: `csv:${PRICES_DIR}`, ...extraEnv },
  });
  const server = await startApiServer(config, {
    host: '127.0.0.1',
    port: 0,
    history: fx.history,
    priceCache: fx.priceCache,
    temporalUi: { baseUrl: 'http://localhost:8233', namespace: 'default' },
    scheduleInfo: async () => schedules,
  });
  servers.push(server);
  return server;
}

async function openPage(url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  const origin = new URL(url).origin;
  page.on('request', (r) => { if (new URL(r.url()).origin !== origin) errors.push(`request outside the API: ${r.url()}`); });
  await page.goto(url);
  return { page, errors };
}

beforeAll(async () => {
  fx = await buildFixture(tempDir('stockflow-api-browser-'));
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  for (const s of servers) await s.close();
  fx?.history.close();
});

describe('dashboard in Chromium', () => {
  it('shows one status row per symbol with version, metrics against thresholds, forecast, runs, open incidents and Temporal links', async () => {
    const server = await serve();
    const { page, errors } = await openPage(server.url);
    try {
      await page.waitForSelector('#status-table tbody tr[data-symbol="MSFT"]');
      const rows = await page.$$eval('#status-table tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-symbol')));
      expect(rows).toEqual(['SPY', 'AAPL', 'MSFT']);

      const models = (await (await fetch(`${server.url}/models`)).json()) as { models: Array<{ symbol: string; checks: Record<string, { value: number; threshold: number; status: string }> }> };
      const spy = models.models[0];
      const cell = (symbol: string, metric: string) => page.$eval(`tr[data-symbol="${symbol}"] td[data-metric="${metric}"]`, (td) => ({
        status: td.getAttribute('data-status'),
        value: td.querySelector('.metric')?.textContent,
        detail: td.querySelector('.small')?.textContent,
        title: td.querySelector('.metric')?.getAttribute('title'),
      }));
      const direction = await cell('SPY', 'direction');
      // Rounded against the threshold: a failing value never prints equal to it (format.js, unit-tested).
      expect(direction.value).toBe(percentAgainst(spy!.checks.directionAccuracy!.value, 0.45, 'min'));
      expect(direction.status).toBe(spy?.checks.directionAccuracy?.status);
      expect(direction.detail).toMatch(/^≥ 45\.0% · vs \d+\.\d% · n=40$/);
      expect(direction.title).toMatch(/^holdout value .*; threshold ≥ 45\.0%; (always-up|same-as-today) on the same sessions \d+\.\d%; n=40$/);
      const mape = await cell('SPY', 'mape');
      expect(mape.value).toBe(percentAgainst(spy!.checks.mape!.value, 0.05, 'max', 2));
      expect(mape.detail).toMatch(/^≤ 5\.00% · vs \d+\.\d\d% · n=40$/);
      expect(mape.title).toContain('persistence on the same sessions');
      expect((await cell('AAPL', 'mape')).detail).toContain('≤ 8.00%'); // per-symbol override
      expect((await cell('SPY', 'confidence')).detail).toContain('≥ 60.0%');
      expect((await cell('SPY', 'age')).status).toBe('ok');
      expect(['ok', 'warn', 'breach']).toContain(direction.status);

      const spyRow = page.locator('tr[data-symbol="SPY"]');
      expect(await spyRow.locator('td.version').innerText()).toContain(`v${fx.versions.SPY}`);
      expect(await spyRow.locator('td.forecast').innerText()).toMatch(/[▲▼■] \d+\.\d\d/);
      expect(await spyRow.locator('td.last-run').innerText()).toContain('retrain');
      expect(await spyRow.locator('.next-run').innerText()).toMatch(/train in 3 d/);
      expect(await spyRow.locator('.incidents-count').innerText()).toBe('2');
      expect(await page.locator('tr[data-symbol="MSFT"] .chip').innerText()).toBe('no model');

      const link = await spyRow.locator('a.temporal-link').getAttribute('href');
      // Every workflow of the symbol, by the Symbol search attribute.
      expect(link).toBe('http://localhost:8233/namespaces/default/workflows?query=Symbol%3D%22SPY%22');
      expect(await page.locator('#temporal-home').getAttribute('href')).toBe('http://localhost:8233/namespaces/default/workflows');
      expect(await page.locator('.schedule[data-schedule="monthly-comprehensive"]').innerText()).toContain('paused');

      // Charts of the first symbol: SVG paths with points.
      await page.waitForSelector('#chart-forecast svg path.series[data-series="actual close"]');
      const series = await page.$$eval('#detail svg path.series', (paths) => paths.map((p) => ({
        chart: p.closest('.chart')!.id,
        name: p.getAttribute('data-series'),
        points: Number(p.getAttribute('data-points')),
        commands: (p.getAttribute('d') ?? '').match(/[ML]/g)?.length ?? 0,
      })));
      const find = (chart: string, name: string) => series.find((s) => s.chart === chart && s.name === name);
      expect(find('chart-forecast', 'actual close')).toMatchObject({ points: 40, commands: 40 });
      expect(find('chart-forecast', 'forecast close')).toMatchObject({ points: 40, commands: 40 });
      expect(find('chart-mape', 'backtest')).toMatchObject({ points: 2, commands: 2 });
      expect(find('chart-direction', 'backtest')).toMatchObject({ points: 2, commands: 2 });
      expect(await page.locator('#chart-mape svg path.threshold').count()).toBe(1);
      // The holdout forecasts' 80% prediction intervals, drawn as a band under the lines.
      expect(await page.locator('#chart-forecast svg path.band[data-band="80% interval"]').getAttribute('data-points')).toBe('40');
      // A real time axis: the metric history's points of the last two days are labelled by hour, not by one repeated date.
      const mapeTicks = await page.$$eval('#chart-mape text.x-tick', (ts) => ts.map((t) => t.textContent ?? ''));
      expect(mapeTicks.length).toBeGreaterThan(1);
      expect(new Set(mapeTicks).size).toBe(mapeTicks.length);
      for (const t of mapeTicks) expect(t).toMatch(/^(\d\d-\d\d \d\d:\d\d|\d{4}-\d\d-\d\d)$/);
      expect(await page.locator('#chart-forecast svg g[data-series-dots="stored forecasts"] circle').count()).toBe(1);
      expect(await page.locator('#decisions li').first().innerText()).toContain('promoted');
      // Open incidents, read-only: every open one (system-wide too) with its count and advice; the resolved one is not listed.
      const incidents = await page.$$eval('#incidents li', (lis) => lis.map((li) => li.textContent ?? ''));
      expect(incidents).toHaveLength(3);
      expect(incidents[0]).toMatch(/^Acknowledge\s*info\s*system · health\s*×1 · since .* disk 12% free\s*What to do: free disk space$/);
      expect(incidents.join('\n')).not.toContain('AAPL');
      expect(await page.locator('#incidents-summary').innerText()).toBe('3 open, 1 critical');
      expect(await page.$$eval('#symbol-incidents li', (lis) => lis.map((li) => li.querySelector('.subject')?.textContent))).toEqual(['SPY · data', 'SPY · absolute-threshold']);
      // Each unacknowledged incident has its Acknowledge button.
      expect(await page.locator('#incidents-panel button.ack').count()).toBe(3);

      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard.png'), fullPage: true });

      // Another symbol: its charts replace the first one's.
      await page.locator('tr[data-symbol="AAPL"]').click();
      await expect.poll(() => page.locator('#detail-title').innerText()).toContain('AAPL');
      const aaplForecast = fx.history.latestPrediction('AAPL')!.forecastClose.toFixed(2);
      await expect.poll(() => page.locator('#chart-forecast g[data-series-dots="stored forecasts"] title').first().textContent().catch(() => ''))
        .toContain(`stored forecasts: ${aaplForecast}`);
      expect(await page.locator('#chart-forecast path.series[data-series="actual close"]').getAttribute('data-points')).toBe('40');

      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('shows a banner naming stale and failing symbols, and a data cell that is not green unless fresh', async () => {
    // The shared prices end 2025-06-30 and the clock is today: every symbol is stale; AAPL's last refresh failed.
    fx.history.recordRefresh({ symbol: 'AAPL', ok: false, error: 'Yahoo answered HTTP 503' });
    const server = await serve();
    const { page, errors } = await openPage(server.url);
    try {
      await page.waitForSelector('#freshness-banner li[data-symbol="MSFT"]');
      expect(await page.locator('#freshness-banner').getAttribute('class')).toBe('banner breach');
      const items = await page.$$eval('#freshness-banner li', (lis) => lis.map((li) => [li.getAttribute('data-symbol'), li.getAttribute('data-state'), li.textContent]));
      expect(items).toEqual([
        ['SPY', 'stale', expect.stringMatching(/^SPY: stale, last bar 2025-06-30, \d{3,} sessions behind$/)],
        ['AAPL', 'failing', 'AAPL: last refresh failed: Yahoo answered HTTP 503'],
        ['MSFT', 'stale', 'MSFT: stale, no cached prices'],
      ]);
      const data = (symbol: string) => page.$eval(`tr[data-symbol="${symbol}"] td[data-metric="data"]`, (td) => ({
        status: td.getAttribute('data-status'), value: td.querySelector('.metric')?.textContent, detail: td.querySelector('.small')?.textContent,
      }));
      expect(await data('SPY')).toEqual({ status: 'warn', value: '2025-06-30', detail: expect.stringMatching(/^stale · \d{3,} behind$/) });
      expect(await data('AAPL')).toMatchObject({ status: 'breach', value: '2025-06-30', detail: expect.stringMatching(/^refresh failing · /) });
      expect(await data('MSFT')).toEqual({ status: 'warn', value: '—', detail: 'stale · no data' });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('asks for the bearer token when the API requires one, then loads with it', async () => {
    const server = await serve({ STOCKFLOW_API_TOKEN: TOKEN });
    const { page, errors } = await openPage(server.url + '/dashboard');
    try {
      await page.waitForSelector('#token-form:not(.hidden)');
      expect(await page.locator('#status-table tbody tr').count()).toBe(0);
      await page.fill('#token-input', TOKEN);
      await page.click('#token-form button[type="submit"]');
      await page.waitForSelector('#status-table tbody tr[data-symbol="SPY"]');
      expect(await page.locator('#token-form').getAttribute('class')).toContain('hidden');
      // The 401s before the token was given are the only console errors (the browser logs failed fetches).
      expect(errors.filter((e) => !/401/.test(e))).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
