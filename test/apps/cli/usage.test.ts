import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../../domain/history/index.js';
import { PRICES_DIR } from '../../helpers/paths.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { runCli, writeTestConfig } from './helpers.js';

/**
 * What an operator sees before anything reaches Temporal: help, usage errors, an unreachable
 * server, and the API check. TEMPORAL_ADDRESS points at a closed port throughout, so a command
 * that tried to connect (or start something) would exit 3 instead of the expected code.
 */
describe('stockflow CLI: help, bad input, unreachable Temporal, api-test', () => {
  const dataDir = tempDir('stockflow-cli-usage-');
  const env = {
    TEMPORAL_ADDRESS: '127.0.0.1:1',
    STOCKFLOW_DATA_DIR: dataDir,
    STOCKFLOW_PRICE_SOURCE: `csv:${PRICES_DIR}`,
    STOCKFLOW_SYMBOLS: 'SPY,SMR',
    STOCKFLOW_CONFIG: writeTestConfig(dataDir),
  };
  const oneErrorLine = (stderr: string) => {
    expect(stderr).toMatch(/^stockflow: [^\n]+\n$/);
    return stderr.trim();
  };

  it('--help lists every command with examples; a command\'s --help shows its options and examples', async () => {
    const help = await runCli(['--help'], env);
    expect(help.code).toBe(0);
    for (const c of ['train', 'quick-train', 'train-all', 'evaluate', 'status', 'predict', 'backup', 'restore', 'export', 'clean', 'monitor', 'api-test', 'schedules', 'dev']) {
      expect(help.stdout).toMatch(new RegExp(`^  ${c}\\s{2,}\\S`, 'm'));
    }
    expect(help.stdout).toMatch(/Examples:\n  stockflow train AAPL MSFT\n/);
    expect(help.stdout).toMatch(/Exit codes: 0 ok .* 3 Temporal unreachable .* 4 not found/);

    const evaluate = await runCli(['evaluate', '--help'], env);
    expect(evaluate.code).toBe(0);
    expect(evaluate.stdout).toMatch(/^Usage: stockflow evaluate SYMBOL/);
    expect(evaluate.stdout).toMatch(/--from YYYY-MM-DD/);
    expect(evaluate.stdout).toMatch(/Examples:\n  stockflow evaluate SPY\n/);

    const schedules = await runCli(['help', 'schedules'], env);
    expect(schedules.stdout).toMatch(/Subcommands:[\s\S]*schedules trigger/);
  });

  it('an unknown command exits 2 with one line naming it and what to run', async () => {
    const run = await runCli(['trian', 'SPY'], env);
    expect(run.code).toBe(2);
    expect(oneErrorLine(run.stderr)).toBe('stockflow: unknown command "trian" (did you mean "train"?). Run `stockflow --help` to see the commands');
    expect(run.stdout).toBe('');
  });

  it('an unknown symbol exits 2, names it and lists the configured ones; nothing is started', async () => {
    const run = await runCli(['train', 'SPY', 'NOT*A*TICKER'], env);
    expect(run.code).toBe(2);
    expect(oneErrorLine(run.stderr)).toMatch(/^stockflow: unknown symbol "NOT\*A\*TICKER": .*Configured symbols: SPY, SMR/);

    const json = await runCli(['predict', 'S P Y', '--json'], env);
    expect(json.code).toBe(2);
    expect(json.json()).toEqual({ error: { code: 'UNKNOWN_SYMBOL', exitCode: 2, message: expect.stringMatching(/unknown symbol "S P Y"/) } });
  });

  it('alerts lists the open incidents with their advice and acknowledges them in the history database', async () => {
    const history = HistoryStore.open({ file: path.join(dataDir, 'history.sqlite') });
    const scope = { symbols: ['SPY'], system: true };
    const [a, b] = history.reconcileIncidents('2025-01-06T11:00:00Z', [
      { symbol: 'SPY', rule: 'absolute-threshold', severity: 'critical', message: 'SPY: MAPE 6.1% > 5.0% (n=41)', advice: 'A retrain was started (workflow retrain-SPY).' },
      { symbol: null, rule: 'health', severity: 'warning', message: 'disk 3% free < 5%', advice: 'Free disk space.' },
    ], scope).opened;
    history.reconcileIncidents('2025-01-06T17:00:00Z', [{ symbol: 'SPY', rule: 'absolute-threshold', severity: 'critical', message: 'SPY: MAPE 6.3% > 5.0% (n=44)', advice: 'A retrain is already running.' }], scope);
    history.close();

    const list = await runCli(['alerts', '--json'], env);
    expect(list.code, list.stderr).toBe(0);
    expect(list.json<{ incidents: Array<{ id: number; occurrences: number }> }>().incidents.map((x) => [x.id, x.occurrences])).toEqual([[a?.id, 2]]);
    const text = await runCli(['alerts'], env);
    expect(text.stdout).toMatch(new RegExp(`^\\s*${a?.id}\\s+SPY\\s+absolute-threshold\\s+critical\\s+2025-01-06 11:00Z\\s+2025-01-06 17:00Z\\s+2\\s+SPY: MAPE 6\\.3%`, 'm'));
    expect(text.stdout).toContain(`#${a?.id} SPY absolute-threshold: A retrain is already running.`);
    const all = await runCli(['alerts', '--all', '--json'], env);
    expect(all.json<{ incidents: Array<{ id: number; status: string }> }>().incidents.map((x) => [x.id, x.status])).toEqual([[a?.id, 'open'], [b?.id, 'resolved']]);

    const ack = await runCli(['alerts', '--ack', String(a?.id)], env);
    expect(ack.code, ack.stderr).toBe(0);
    expect(ack.stdout).toContain(`1 incident(s) acknowledged: ${a?.id}`);
    // Acknowledged, still open until its condition clears.
    const after = await runCli(['alerts', '--json'], env);
    expect(after.json<{ incidents: Array<{ id: number; acknowledged: boolean }> }>().incidents.map((x) => [x.id, x.acknowledged])).toEqual([[a?.id, true]]);

    expect((await runCli(['alerts', '--ack', '999'], env)).code).toBe(4);
    const ackAll = await runCli(['alerts', '--ack-all', '--json'], env);
    expect(ackAll.json<{ acknowledged: number[] }>().acknowledged).toEqual([]);
    expect((await runCli(['alerts', 'SMR'], env)).stdout).toContain('no open incidents');
  });

  it('a bad date, a bad number or an unknown option exits 2', async () => {
    const date = await runCli(['evaluate', 'SPY', '--from', '2025-02-30'], env);
    expect(date.code).toBe(2);
    expect(oneErrorLine(date.stderr)).toBe('stockflow: --from "2025-02-30" is not a date. Use YYYY-MM-DD, e.g. --from 2025-01-02');

    const order = await runCli(['evaluate', 'SPY', '--from', '2025-03-01', '--to', '2025-01-01'], env);
    expect(order.code).toBe(2);

    const version = await runCli(['restore', 'SPY', '--version', 'latest'], env);
    expect(version.code).toBe(2);

    const option = await runCli(['train', 'SPY', '--epochs', '5'], env);
    expect(option.code).toBe(2);
    expect(oneErrorLine(option.stderr)).toMatch(/unknown option --epochs for `stockflow train`\. See `stockflow train --help`/);

    // --config's value is not mistaken for a subcommand, wherever --config stands.
    const sub = await runCli(['--config', env.STOCKFLOW_CONFIG, 'schedules', 'bogus'], env);
    expect(sub.code).toBe(2);
    expect(oneErrorLine(sub.stderr)).toMatch(/unknown schedules subcommand "bogus"/);
  });

  it('Temporal unreachable: a workflow command exits 3 with one line; status still shows the local part', async () => {
    const train = await runCli(['train', 'SPY'], env);
    expect(train.code).toBe(3);
    expect(oneErrorLine(train.stderr)).toMatch(/^stockflow: cannot reach Temporal at 127\.0\.0\.1:1 \(connection refused\)\. Check that/);

    const embedded = await runCli(['schedules', 'list'], { ...env, TEMPORAL_ADDRESS: '', STOCKFLOW_CONFIG: writeClosedDevPortConfig(dataDir) });
    expect(embedded.code).toBe(3);
    expect(oneErrorLine(embedded.stderr)).toMatch(/no Temporal dev server is running on 127\.0\.0\.1:\d+ .*`npm start`/);

    const status = await runCli(['status', '--json'], env);
    expect(status.code).toBe(0);
    const out = status.json<{ symbols: Array<{ symbol: string; championVersion: null }>; temporal: { reachable: boolean; error: string } }>();
    expect(out.symbols.map((s) => s.symbol)).toEqual(['SPY', 'SMR']);
    expect(out.temporal).toMatchObject({ reachable: false, error: expect.stringMatching(/connection refused/) });
  });

  it('status shows each symbol\'s data freshness: stale with the sessions behind, failing with the error', async () => {
    const dir = tempDir('stockflow-cli-freshness-');
    mkdirSync(path.join(dir, 'prices'));
    copyFileSync(path.join(PRICES_DIR, 'SPY.csv'), path.join(dir, 'prices', 'SPY.csv')); // ends 2025-06-30
    const worker = HistoryStore.open({ file: path.join(dir, 'history.sqlite') });
    worker.recordRefresh({ symbol: 'SPY', ok: true, lastBar: '2025-06-30' });
    worker.recordRefresh({ symbol: 'SMR', ok: false, error: 'unknown symbol SMR in source yahoo' });
    worker.close();
    const freshEnv = { ...env, STOCKFLOW_DATA_DIR: dir, STOCKFLOW_CONFIG: writeTestConfig(dir) };

    const run = await runCli(['status', '--json'], freshEnv);
    expect(run.code, run.stderr).toBe(0);
    const [spy, smr] = run.json<{ symbols: Array<{ symbol: string; freshness: Record<string, unknown> }> }>().symbols;
    expect(spy?.freshness).toMatchObject({ symbol: 'SPY', state: 'stale', lastBar: '2025-06-30' });
    expect(spy?.freshness.sessionsBehind).toBeGreaterThan(100); // the clock is today, long after the shared data
    expect(smr?.freshness).toMatchObject({ symbol: 'SMR', state: 'failing', lastBar: null, error: 'unknown symbol SMR in source yahoo' });

    const text = await runCli(['status'], freshEnv);
    expect(text.code).toBe(0);
    // Two runs: a session may close between them, so the count is matched, not compared.
    // The table's data column, then the data problems listed under it (one status row: domain/serving).
    expect(text.stdout).toMatch(/^SPY\s+none\s+stale \d{3,}\s/m);
    expect(text.stdout).toMatch(/^SMR\s+none\s+failing\s/m);
    expect(text.stdout).toMatch(/^SPY: stale, last bar 2025-06-30, \d{3,} sessions behind$/m);
    expect(text.stdout).toMatch(/^SMR: last refresh failed: unknown symbol SMR in source yahoo$/m);
  });

  describe('api-test', () => {
    let server: http.Server;
    let port: number;
    const seen: Array<{ url?: string; authorization?: string }> = [];

    beforeAll(async () => {
      server = http.createServer((req, res) => {
        seen.push({ url: req.url, authorization: req.headers.authorization });
        const ok = req.url === '/predict/SPY';
        res.writeHead(ok ? 200 : 404, { 'content-type': 'application/json' });
        res.end(JSON.stringify(ok ? { symbol: 'SPY', forecastClose: 600 } : { error: { code: 'NO_MODEL', message: 'no model for SMR' } }));
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it('calls /predict/:symbol for every configured symbol with the token; exit 1 when one fails', async () => {
      const run = await runCli(['api-test', '--json'], { ...env, STOCKFLOW_API_PORT: String(port), STOCKFLOW_API_TOKEN: 'secret-token-1' });
      expect(run.code).toBe(1);
      const out = run.json<{ checks: Array<{ symbol: string; ok: boolean; status: number; latencyMs: number; error: string | null }>; succeeded: number; failed: number }>();
      expect(out).toMatchObject({ succeeded: 1, failed: 1 });
      expect(out.checks).toEqual([
        expect.objectContaining({ symbol: 'SPY', ok: true, status: 200, error: null }),
        expect.objectContaining({ symbol: 'SMR', ok: false, status: 404, error: 'HTTP 404: no model for SMR' }),
      ]);
      expect(out.checks[0]?.latencyMs).toBeGreaterThan(0);
      expect(seen).toEqual([
        { url: '/predict/SPY', authorization: 'Bearer secret-token-1' },
        { url: '/predict/SMR', authorization: 'Bearer secret-token-1' },
      ]);

      const ok = await runCli(['api-test', 'SPY'], { ...env, STOCKFLOW_API_PORT: String(port) });
      expect(ok.code).toBe(0);
      expect(ok.stdout).toMatch(/1\/1 ok/);
    });
  });
});

/** A config whose embedded dev server port is closed (no TEMPORAL_ADDRESS): the "run npm start" case. */
function writeClosedDevPortConfig(dir: string): string {
  const file = writeTestConfig(dir).replace(/\.yaml$/, '.closed.yaml');
  writeFileSync(file, 'temporal:\n  devServerPort: 1\n  devServerUiPort: 2\n');
  return file;
}
