/**
 * The API and the CLI give one answer (issue 8): over the same data directory and the same
 * Temporal schedules, `GET /models` and `stockflow status --json` (a real CLI process) show the
 * same rows — verdicts, checks, skill, last decision, next runs, incidents, freshness — because
 * both are domain/serving's symbolStatuses. The status table fits 100 columns.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApiServer, type ApiServer } from '../../apps/api/index.js';
import type { SymbolStatus } from '../../common/wire/index.js';
import { applySchedules, deleteAllSchedules } from '../../schedules/index.js';
import { eventually } from '../helpers/eventually.js';
import { GLOBAL_SCHEDULES_LOCK, withExclusive } from '../helpers/exclusive.js';
import { PRICES_DIR } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp-dir.js';
import { testClient } from '../helpers/temporal.js';
import { buildFixture, fixtureConfig, TRAINED, UNTRAINED } from './api/fixture.js';
import { runCli } from './cli/helpers.js';

let dataDir: string;

beforeAll(async () => {
  dataDir = tempDir('stockflow-status-agreement-');
  const fx = await buildFixture(dataDir);
  fx.history.close();
});

/** A row without what depends on the moment it was built (seconds of age, when freshness was checked) or only the API adds (links). */
function comparable(row: SymbolStatus & { links?: unknown }) {
  const { ageSeconds: _a, links: _l, freshness, ...rest } = row;
  const { checkedAt: _c, ...fresh } = freshness;
  return { ...rest, freshness: fresh };
}

describe('GET /models and `stockflow status`', () => {
  let server: ApiServer;
  afterAll(() => server?.close());

  it('show the same rows (verdicts, checks, skill, decisions, next runs, incidents, data) for the same store, and the table fits 100 columns', async () => {
    await withExclusive(GLOBAL_SCHEDULES_LOCK, async () => {
      const client = await testClient();
      try {
        await applySchedules(client, fixtureConfig(dataDir).schedules, { taskQueue: 'test-status-agreement' });
        server = await startApiServer(fixtureConfig(dataDir), { host: '127.0.0.1', port: 0, processMetrics: false });
        type Models = { models: Array<SymbolStatus & { links: unknown }>; schedulesError?: string; schedules: unknown[] | null };
        // The API gives Temporal 2 s per listing and keeps a failure for 10 s: on a busy machine, ask again.
        const api = await eventually(async () => (await (await fetch(`${server.url}/models`)).json()) as Models,
          (b) => b.schedulesError === undefined && b.schedules !== null, { what: 'a /models answer with the schedules' });

        const env = {
          STOCKFLOW_DATA_DIR: dataDir,
          STOCKFLOW_SYMBOLS: [...TRAINED, UNTRAINED].join(','),
          STOCKFLOW_PRICE_SOURCE: `csv:${PRICES_DIR}`,
          TEMPORAL_ADDRESS: inject('temporalAddress'),
        };
        const cli = await runCli(['status', '--json'], env);
        expect(cli.code, cli.stderr).toBe(0);
        const { symbols, nextRun } = cli.json<{ symbols: SymbolStatus[]; nextRun: SymbolStatus['nextRun'] }>();

        expect(symbols.map((s) => s.symbol)).toEqual(api.models.map((m) => m.symbol));
        expect(symbols.map(comparable)).toEqual(api.models.map(comparable));
        // What the two used to disagree on, spelled out: the next training run is the sooner of the two training schedules.
        expect(nextRun.training).not.toBeNull();
        for (const s of symbols) expect(s.nextRun).toEqual(nextRun);
        const spy = symbols.find((s) => s.symbol === 'SPY');
        expect(spy?.openIncidents).toMatchObject({ total: 2, critical: 1, warning: 1 });
        expect(spy?.lastDecision).toMatchObject({ promoted: true, reason: 'first model' });
        expect(symbols.find((s) => s.symbol === UNTRAINED)?.status).toBe('no-model');

        const table = await runCli(['status'], env);
        expect(table.code, table.stderr).toBe(0);
        const lines = table.stdout.split('\n');
        for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(100);
        expect(lines.find((l) => l.startsWith('SPY'))).toMatch(/^SPY\s+v\d+ \dd\s/);
        expect(table.stdout).toContain('next training: in ');
      } finally {
        await deleteAllSchedules(client).finally(() => client.connection.close());
      }
    });
  });
});
