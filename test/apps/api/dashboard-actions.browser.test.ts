/**
 * The dashboard that acts, in headless Chromium against a real API whose actions reach the
 * real test Temporal server with a real worker (tiny training): click Retrain on a symbol → a
 * retrainSymbol workflow runs → its row shows the stage (from the workflow's query) while it
 * runs, then the new version, with no page reload; acknowledge an incident; pause a schedule.
 * The page at 390 px has no horizontal overflow of the table container; at 1400 px no metric
 * cell wraps. Screenshots: test-artifacts/dashboard-desktop.png, dashboard-390px.png,
 * dashboard-after-retrain.png.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startApiServer, type ApiServer } from '../../../apps/api/index.js';
import { loadConfig } from '../../../config/index.js';
import { applySchedules, describeSchedule } from '../../../schedules/index.js';
import { testDeps } from '../../helpers/deps.js';
import { PRICES_DIR } from '../../helpers/paths.js';
import { withWorkers } from '../../helpers/temporal.js';
import { ARTIFACTS, launchChromium } from '../../helpers/chromium.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { POLL_TIMEOUT_MS, scaled } from '../../helpers/timeouts.js';
import { defaultSchedules, removeScope, uniqueScope } from '../../schedules/helpers.js';
import { buildFixture, type Fixture } from './fixture.js';

/** Long enough for a real (tiny) retrain on a loaded machine. */
const RETRAIN_TIMEOUT_MS = scaled(240_000);
/** The whole test: fixture pages, the retrain, the other actions, the phone-width page. */
const TEST_TIMEOUT_MS = scaled(420_000);

let fx: Fixture;
let browser: Browser;

beforeAll(async () => {
  fx = await buildFixture(tempDir('stockflow-dashboard-actions-'));
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  fx?.history.close();
});

/** A promise the test resolves when it has seen what it waits for. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => { open = resolve; });
  return { promise, open };
}

async function openPage(url: string, width: number): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width, height: 1000 } });
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  const origin = new URL(url).origin;
  page.on('request', (r) => { if (new URL(r.url()).origin !== origin) errors.push(`request outside the API: ${r.url()}`); });
  await page.goto(url);
  await page.waitForSelector('#status-table tbody tr[data-symbol="MSFT"]');
  return { page, errors };
}

describe('dashboard actions in Chromium, on the real Temporal test server', () => {
  it('retrains from a click (stage live, then the new version), acknowledges an incident, pauses a schedule; fits 390 px and 1400 px', async () => {
    const taskQueue = `test-dashboard-${randomUUID()}`;
    const scope = { ...uniqueScope(), taskQueue };
    // The worker's price refresh waits for the test: the row must show the running stage first.
    const refreshGate = gate();
    const deps = testDeps({ dataDir: fx.dataDir, history: fx.history, symbols: ['SPY', 'AAPL', 'MSFT'] });
    const refresh = deps.priceCache.refresh.bind(deps.priceCache);
    deps.priceCache.refresh = async (symbol: string) => {
      await refreshGate.promise;
      return refresh(symbol);
    };

    await withWorkers(deps, async ({ client }) => {
      await applySchedules(client, defaultSchedules(), scope);
      const config = loadConfig({
        cwd: fx.dataDir,
        env: {
          STOCKFLOW_DATA_DIR: fx.dataDir, STOCKFLOW_SYMBOLS: 'SPY,AAPL,MSFT', STOCKFLOW_PRICE_SOURCE: `csv:${PRICES_DIR}`,
          TEMPORAL_ADDRESS: inject('temporalAddress'), STOCKFLOW_TASK_QUEUE: taskQueue,
        },
      });
      let server: ApiServer | undefined;
      try {
        server = await startApiServer(config, {
          host: '127.0.0.1', port: 0, history: fx.history, priceCache: fx.priceCache,
          temporalUi: { baseUrl: 'http://localhost:8233', namespace: 'default' }, scheduleScope: { idPrefix: scope.idPrefix },
        });
        const { page, errors } = await openPage(`${server.url}/#symbol=AAPL`, 1400);
        try {
          // The symbol in the URL is the one shown; the row links to the symbol's workflows by its search attribute.
          await expect.poll(() => page.locator('#detail-title').innerText()).toContain('AAPL');
          expect(await page.locator('tr[data-symbol="SPY"] a.temporal-link').getAttribute('href'))
            .toBe('http://localhost:8233/namespaces/default/workflows?query=Symbol%3D%22SPY%22');
          // MSFT has no champion, and its row says why.
          const msft = page.locator('tr[data-symbol="MSFT"]');
          expect(await msft.locator('.no-champion').innerText()).toMatch(/^never trained/);

          // 1400 px: no metric cell wraps into a stack (value on one line, detail on one line).
          const wrapped = await page.evaluate(`[...document.querySelectorAll('#status-table td.metric-cell')]
            .flatMap((td) => [...td.querySelectorAll('.metric, .detail')].map((el) => ({ metric: td.dataset.metric, text: el.textContent, lines: el.getClientRects().length, height: el.getBoundingClientRect().height, line: parseFloat(getComputedStyle(el).lineHeight) || 18 })))
            .filter((x) => x.lines > 1 || x.height > x.line * 1.6)`);
          expect(wrapped).toEqual([]);
          // ... and the table fits its container: no sideways scrolling at desktop width.
          expect(await page.evaluate(`(() => { const w = document.querySelector('.table-wrap'); return w.scrollWidth - w.clientWidth; })()`)).toBe(0);
          await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-desktop.png'), fullPage: true });

          // Retrain MSFT from its button: a retrainSymbol workflow starts on the test server.
          await msft.locator('button.retrain[data-quick="true"]').click();
          const activity = msft.locator('td.activity');
          await expect.poll(() => activity.getAttribute('data-stage'), { timeout: POLL_TIMEOUT_MS }).toBe('refreshing-prices');
          expect(await activity.innerText()).toContain('refreshing prices…');
          expect(await msft.locator('button.retrain').first().isDisabled()).toBe(true);
          const described = await client.workflow.getHandle('retrain-MSFT').describe();
          expect(described).toMatchObject({ type: 'retrainSymbol', taskQueue, status: { name: 'RUNNING' } });
          refreshGate.open();

          // Then, without a reload, the row shows the new version and the activity is gone.
          await expect.poll(() => msft.locator('td.version').innerText(), { timeout: RETRAIN_TIMEOUT_MS, interval: 500 }).toMatch(/^v1\b/);
          await expect.poll(() => msft.locator('td.activity').getAttribute('data-activity'), { timeout: POLL_TIMEOUT_MS }).toBe('idle');
          expect(fx.registry.getChampion('MSFT')?.version).toBe(1);
          expect(await page.evaluate(`performance.getEntriesByType('navigation').length`)).toBe(1);
          await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-after-retrain.png'), fullPage: true });

          // Acknowledge SPY's critical incident from the list.
          const incident = fx.history.incidents({ status: 'open', symbol: 'SPY' }).find((i) => i.rule === 'data')!;
          expect(incident.acknowledged).toBe(false);
          await page.locator(`#incidents li[data-incident="${incident.id}"] button.ack`).click();
          await expect.poll(() => page.locator(`#incidents li[data-incident="${incident.id}"]`).getAttribute('data-acknowledged')).toBe('true');
          expect(await page.locator(`#incidents li[data-incident="${incident.id}"]`).innerText()).toContain('acknowledged');
          expect(fx.history.getIncident(incident.id)?.acknowledged).toBe(true);

          // Pause the weekly training: the server's schedule is paused and the page says so.
          const weekly = page.locator('.schedule[data-schedule="weekly-training"]');
          expect(await weekly.getAttribute('data-paused')).toBe('false');
          await weekly.locator('button.pause').click();
          await expect.poll(() => weekly.getAttribute('data-paused'), { timeout: POLL_TIMEOUT_MS }).toBe('true');
          expect(await weekly.innerText()).toContain('paused');
          expect((await describeSchedule(client, 'weekly-training', scope)).paused).toBe(true);

          // Back returns to the symbol before (the URL holds the selection).
          await page.locator('tr[data-symbol="SPY"] td.symbol .symbol-name').click();
          await expect.poll(() => page.url()).toContain('#symbol=SPY');
          await expect.poll(() => page.locator('#detail-title').innerText()).toContain('SPY');
          await page.goBack();
          await expect.poll(() => page.locator('#detail-title').innerText()).toContain('AAPL');
          expect(errors).toEqual([]);
        } finally {
          await page.close();
        }

        // Phone width: the table container does not overflow sideways, nor does the page.
        const phone = await openPage(server.url, 390);
        try {
          const overflow = await phone.page.evaluate(`(() => {
            const wrap = document.querySelector('.table-wrap');
            return { wrap: wrap.scrollWidth - wrap.clientWidth, page: document.documentElement.scrollWidth - window.innerWidth };
          })()`);
          expect(overflow).toEqual({ wrap: 0, page: 0 });
          expect(await phone.page.evaluate(`getComputedStyle(document.querySelector('tr[data-symbol="SPY"] td[data-metric="direction"]'), '::before').content`)).toBe('"Direction"');
          await phone.page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-390px.png'), fullPage: true });
          expect(phone.errors).toEqual([]);
        } finally {
          await phone.page.close();
        }
      } finally {
        refreshGate.open();
        await server?.close();
        await removeScope(client, scope);
      }
    }, { taskQueue });
  }, TEST_TIMEOUT_MS);
});
