/**
 * A champion whose files were damaged on disk (truncated weights) is visible through the API:
 * `/health` degraded with the problem, `/models/:symbol` with `championProblem` — not "ok"
 * and `null` as before.
 */
import { truncateSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../apps/api/index.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { buildFixture, TOKEN, type Fixture } from './fixture.js';

let fx: Fixture;
let app: FastifyInstance;
let clock: Date;

beforeAll(async () => {
  fx = await buildFixture(tempDir('stockflow-api-integrity-'));
  clock = fx.now;
  app = await buildApp({
    registry: fx.registry, history: fx.history, config: fx.config, priceCache: fx.priceCache,
    scheduleInfo: async () => [], now: () => clock,
  }, { processMetrics: false });
});
afterAll(async () => {
  await app?.close();
  fx?.history.close();
});

const auth = { authorization: `Bearer ${TOKEN}` };

describe('a corrupted champion through the API', () => {
  it('/health turns degraded (200) naming the symbol and file; /models/:symbol reports championProblem', async () => {
    const before = await app.inject({ url: '/health' });
    // (It may already be degraded for other reasons — the fixture's data is old, MSFT has no champion.)
    expect(before.json()).toMatchObject({ registry: { ok: true } });
    expect(before.json().registry.championProblems).toBeUndefined();
    expect((before.json() as { reasons: string[] }).reasons.filter((r) => /fails verification/.test(r))).toEqual([]);

    const version = fx.versions.AAPL;
    truncateSync(path.join(fx.registry.root, 'AAPL', `v${version}`, 'weights.bin'), 100);
    // The damage does not move the pointer: the summary cache notices at its next rebuild.
    clock = new Date(clock.getTime() + 10 * 60_000);

    const health = await app.inject({ url: '/health' });
    expect(health.statusCode).toBe(200);
    const body = health.json() as { status: string; registry: { ok: boolean; championProblems: string[] } };
    expect(body.status).toBe('degraded');
    expect(body.registry.ok).toBe(true);
    expect(body.registry.championProblems).toHaveLength(1);
    expect(body.registry.championProblems[0]).toMatch(new RegExp(`^AAPL: champion v${version} fails verification: .*weights\\.bin`));
    expect((health.json() as { reasons: string[] }).reasons).toContain(body.registry.championProblems[0]);

    const model = await app.inject({ url: '/models/AAPL', headers: auth });
    expect(model.statusCode).toBe(200);
    expect(model.json().championProblem).toMatch(/fails verification: .*weights\.bin/);
    const healthy = await app.inject({ url: '/models/SPY', headers: auth });
    expect(healthy.json().championProblem).toBeUndefined();
  });
});
