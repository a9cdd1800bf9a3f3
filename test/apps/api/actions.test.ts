/**
 * The action routes over HTTP (in-process, and one real listener on 0.0.0.0): who may act
 * (the token when configured; without one, only a loopback bind), same-origin JSON bodies,
 * 405 with `Allow: POST`, validation, and what each action passes on — recorded by a stand-in
 * ApiActions (the real Temporal side is exercised by the browser test). Acknowledging writes
 * the real history database.
 */
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, startApiServer, type ApiDeps } from '../../../apps/api/index.js';
import type { ApiActions, RetrainRequest } from '../../../apps/api/actions.js';
import { HistoryStore } from '../../../domain/history/index.js';
import { ModelRegistry } from '../../../domain/registry/index.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { fixtureConfig, TOKEN } from './fixture.js';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
let dataDir: string;
let history: HistoryStore;
let registry: ModelRegistry;
const apps: FastifyInstance[] = [];

/** Records every call; answers like the real one would. */
function recordingActions() {
  const calls: Array<[string, ...unknown[]]> = [];
  const actions: ApiActions = {
    async retrain(r: RetrainRequest) {
      calls.push(['retrain', r]);
      return { symbol: r.symbol, status: 'started', workflowId: `retrain-${r.symbol}`, runId: 'run-1' };
    },
    async running() {
      calls.push(['running']);
      return [];
    },
    async pauseSchedule(id, note) { calls.push(['pause', id, note]); },
    async unpauseSchedule(id, note) { calls.push(['unpause', id, note]); },
    async triggerSchedule(id) {
      calls.push(['trigger', id]);
      return { scheduleId: id, alreadyRunning: ['monitor-all-scheduled-x'] };
    },
    async acknowledgeIncident(id) {
      calls.push(['ack', id]);
      return history.acknowledgeIncident(id);
    },
  };
  return { actions, calls };
}

async function appWith(overrides: Partial<ApiDeps> & { token?: string }): Promise<FastifyInstance> {
  const { token, ...rest } = overrides;
  const app = await buildApp({
    registry,
    history,
    config: { symbols: ['SPY', 'AAPL'], thresholds: { maxModelAgeDays: 7, minDirectionAccuracy: null, maxMape: null, minConfidence: null, overrides: {} }, api: token ? { token } : {} },
    temporalUi: { baseUrl: 'http://localhost:8233', namespace: 'default' },
    scheduleInfo: async () => [],
    logger: quiet,
    ...rest,
  }, { processMetrics: false });
  apps.push(app);
  return app;
}

const post = (app: FastifyInstance, url: string, body: unknown = {}, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', ...headers }, payload: typeof body === 'string' ? body : JSON.stringify(body) });
const errorOf = (res: { json: () => unknown }) => (res.json() as { error: { code: string; message: string } }).error;

beforeAll(() => {
  dataDir = tempDir('stockflow-api-actions-');
  history = HistoryStore.open({ file: path.join(dataDir, 'history.sqlite') });
  registry = new ModelRegistry({ root: path.join(dataDir, 'models') });
  history.reconcileIncidents(new Date(), [
    { symbol: 'SPY', rule: 'data', severity: 'critical', message: 'price refresh failed for SPY', advice: 'check the price source' },
  ], { symbols: ['SPY'], system: true });
});
afterAll(async () => {
  for (const app of apps) await app.close();
  history?.close();
});

describe('who may act', () => {
  it('with a token configured: 401 without it or with a wrong one, 202 with it', async () => {
    const { actions, calls } = recordingActions();
    const app = await appWith({ token: TOKEN, actions, bindHost: '0.0.0.0' });
    const none = await post(app, '/models/SPY/retrain', { quick: true });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="stockflow"');
    expect((await post(app, '/models/SPY/retrain', {}, { authorization: 'Bearer wrong' })).statusCode).toBe(401);
    for (const url of ['/incidents/1/acknowledge', '/schedules/monitoring/pause', '/schedules/monitoring/trigger']) {
      expect((await post(app, url)).statusCode, url).toBe(401);
    }
    expect(calls).toEqual([]);

    const ok = await post(app, '/models/spy/retrain', { quick: true }, { authorization: `Bearer ${TOKEN}` });
    expect(ok.statusCode).toBe(202);
    expect(ok.json()).toEqual({
      symbol: 'SPY', status: 'started', workflowId: 'retrain-SPY', runId: 'run-1', quick: true,
      link: 'http://localhost:8233/namespaces/default/workflows/retrain-SPY/run-1/history',
    });
    expect(calls).toEqual([['retrain', { symbol: 'SPY', quick: true, force: false, reason: 'manual: dashboard (quick)' }]]);
  });

  it('without a token: refused with a 403 saying how when the bind is not loopback, allowed on loopback', async () => {
    const { actions, calls } = recordingActions();
    for (const bindHost of ['0.0.0.0', '::', '192.168.1.20']) {
      const app = await appWith({ actions, bindHost });
      const res = await post(app, '/models/SPY/retrain');
      expect(res.statusCode, bindHost).toBe(403);
      expect(errorOf(res).code).toBe('actions_need_token');
      expect(errorOf(res).message).toContain(`"${bindHost}", which is not loopback: set api.token (STOCKFLOW_API_TOKEN)`);
      // Reading stays open on a shared bind.
      expect((await app.inject({ method: 'GET', url: '/workflows' })).statusCode).toBe(200);
    }
    // Not listening and not told where: refused too.
    expect((await post(await appWith({ actions }), '/schedules/monitoring/pause')).statusCode).toBe(403);
    expect(calls.filter((c) => c[0] !== 'running')).toEqual([]);

    for (const bindHost of ['127.0.0.1', '::1', 'localhost']) {
      const app = await appWith({ actions, bindHost });
      expect((await post(app, '/models/AAPL/retrain', { quick: false, force: true })).statusCode, bindHost).toBe(202);
    }
    expect(calls.filter((c) => c[0] === 'retrain')).toHaveLength(3);
    expect(calls.at(-1)).toEqual(['retrain', { symbol: 'AAPL', quick: false, force: true, reason: 'manual: dashboard (full)' }]);
  });

  it('a real listener on 0.0.0.0 without a token refuses actions (the bound address decides)', async () => {
    const { actions, calls } = recordingActions();
    const server = await startApiServer(fixtureConfig(dataDir), { host: '0.0.0.0', port: 0, history, registry, actions, scheduleInfo: async () => [], logger: quiet });
    try {
      const res = await fetch(`${server.url}/models/SPY/retrain`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('actions_need_token');
      expect(calls).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('refuses another origin and a body that is not JSON, before acting', async () => {
    const { actions, calls } = recordingActions();
    const app = await appWith({ actions, bindHost: '127.0.0.1' });
    const cross = await post(app, '/models/SPY/retrain', {}, { origin: 'https://evil.example', host: '127.0.0.1:3000' });
    expect(cross.statusCode).toBe(403);
    expect(errorOf(cross).code).toBe('cross_origin');
    expect((await post(app, '/models/SPY/retrain', {}, { 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    // The dashboard's own origin passes.
    expect((await post(app, '/models/SPY/retrain', {}, { origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000' })).statusCode).toBe(202);
    const form = await app.inject({ method: 'POST', url: '/models/SPY/retrain', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'quick=true' });
    expect(form.statusCode).toBe(415);
    expect(errorOf(form).message).toContain('Content-Type: application/json');
    const bad = await post(app, '/models/SPY/retrain', '{"quick": tru');
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).code).toBe('invalid_json');
    expect(calls.filter((c) => c[0] === 'retrain')).toHaveLength(1);
  });
});

describe('each action', () => {
  it('validates its input: unknown symbol 404, unknown field 400, unknown schedule 400, bad incident id 400', async () => {
    const { actions, calls } = recordingActions();
    const app = await appWith({ actions, bindHost: '127.0.0.1' });
    const unknown = await post(app, '/models/ZZZZ/retrain');
    expect(unknown.statusCode).toBe(404);
    expect(errorOf(unknown).code).toBe('unknown_symbol');
    expect((await post(app, '/models/SPY/retrain', { quick: 'yes' })).statusCode).toBe(400);
    expect((await post(app, '/models/SPY/retrain', { epochs: 3 })).statusCode).toBe(400);
    const schedule = await post(app, '/schedules/nightly/pause');
    expect(schedule.statusCode).toBe(400);
    expect(errorOf(schedule).message).toContain('weekly-training, monitoring, monthly-comprehensive, daily-cleanup');
    expect((await post(app, '/incidents/abc/acknowledge')).statusCode).toBe(400);
    expect(calls).toEqual([]);
  });

  it('is a POST: GET and DELETE on an action are 405 with Allow: POST', async () => {
    const app = await appWith({ actions: recordingActions().actions, bindHost: '127.0.0.1' });
    for (const method of ['GET', 'DELETE'] as const) {
      const res = await app.inject({ method, url: '/schedules/monitoring/trigger' });
      expect(res.statusCode).toBe(405);
      expect(res.headers.allow).toBe('POST');
    }
    // A read route keeps its Allow.
    expect((await app.inject({ method: 'POST', url: '/workflows' })).headers.allow).toBe('GET, HEAD');
  });

  it('acknowledges an incident in the history (once; again says so), 404 for an unknown one', async () => {
    const { actions } = recordingActions();
    const app = await appWith({ actions, bindHost: '127.0.0.1' });
    const [incident] = history.incidents({ status: 'open' });
    expect(incident?.acknowledged).toBe(false);
    const first = await post(app, `/incidents/${incident!.id}/acknowledge`);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ id: incident!.id, acknowledged: true, alreadyAcknowledged: false });
    expect(history.getIncident(incident!.id)?.acknowledged).toBe(true);
    expect((await post(app, `/incidents/${incident!.id}/acknowledge`)).json()).toMatchObject({ alreadyAcknowledged: true });
    const missing = await post(app, '/incidents/999999/acknowledge');
    expect(missing.statusCode).toBe(404);
    expect(errorOf(missing).code).toBe('unknown_incident');
  });

  it('pauses, unpauses (with the note) and triggers a schedule', async () => {
    const { actions, calls } = recordingActions();
    const app = await appWith({ actions, bindHost: '127.0.0.1' });
    expect((await post(app, '/schedules/weekly-training/pause', { note: 'vendor outage' })).json()).toEqual({ scheduleId: 'weekly-training', paused: true });
    expect((await post(app, '/schedules/weekly-training/unpause')).json()).toEqual({ scheduleId: 'weekly-training', paused: false });
    const trigger = await post(app, '/schedules/monitoring/trigger');
    expect(trigger.statusCode).toBe(202);
    expect(trigger.json()).toEqual({ scheduleId: 'monitoring', triggered: false, alreadyRunning: ['monitor-all-scheduled-x'] });
    expect(calls).toEqual([['pause', 'weekly-training', 'vendor outage'], ['unpause', 'weekly-training', 'unpaused from the dashboard'], ['trigger', 'monitoring']]);
  });

  it('answers 503 when the API has no actions, and GET /workflows says why it lists none', async () => {
    const app = await appWith({ bindHost: '127.0.0.1' });
    const res = await post(app, '/models/SPY/retrain');
    expect(res.statusCode).toBe(503);
    expect(errorOf(res).code).toBe('actions_unavailable');
    const live = (await app.inject({ method: 'GET', url: '/workflows' })).json() as { workflows: unknown[]; error: string };
    expect(live.workflows).toEqual([]);
    expect(live.error).toMatch(/without Temporal actions/);
  });
});
