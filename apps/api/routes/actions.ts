/**
 * The action routes — what the dashboard's buttons call — and the live workflows:
 * `POST /models/:symbol/retrain` (a retrainSymbol workflow, quick or full),
 * `POST /incidents/:id/acknowledge`, `POST /schedules/:id/{pause,unpause,trigger}`, and
 * `GET /workflows` (the retrains running now, with stage and epoch). Every POST passes
 * action-guard.ts first (token, or a loopback bind without one; same origin; a JSON body).
 * Registered in their own context: only here is a JSON body parsed (the rest of the API
 * ignores bodies).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { temporalUiLink } from '../../../client/index.js';
import { actionGuard } from '../action-guard.js';
import type { ApiActions } from '../actions.js';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import {
  acknowledged, emptyBody, incidentParams, pauseBody, retrainBody, retrainStarted, runningWorkflows, scheduleChanged, scheduleParams, scheduleTriggered,
} from '../schemas/actions.js';
import { noQuery, symbolParams } from '../schemas/request.js';
import { errorResponses } from '../schemas/responses.js';

/** A JSON body is small: a few flags and a note. */
const BODY_LIMIT = 4096;

export async function actionRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const ui = ctx.deps.temporalUi;
  const link = (workflowId: string, runId: string | null) => (ui ? temporalUiLink(ui.baseUrl, ui.namespace, workflowId, runId ?? undefined) : null);
  const actions = (): ApiActions => {
    if (!ctx.deps.actions) throw new ApiError(503, 'actions_unavailable', 'this API was started without a Temporal connection for actions');
    return ctx.deps.actions;
  };

  app.withTypeProvider<ZodTypeProvider>().get('/workflows', {
    schema: { summary: 'The retrains running now, with their stage and epoch', tags: ['workflows'], querystring: noQuery, response: { 200: runningWorkflows, ...errorResponses } },
  }, async () => {
    const view = await ctx.live.get();
    return {
      generatedAt: ctx.now().toISOString(),
      workflows: view.workflows.map((w) => ({ ...w, link: link(w.workflowId, w.runId) })),
      ...(view.error ? { error: view.error } : {}),
      temporalUi: ui ?? null,
    };
  });

  await app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_request, body, done) => {
      const text = String(body).trim();
      if (text === '') return done(null, {});
      try {
        done(null, JSON.parse(text));
      } catch {
        done(new ApiError(400, 'invalid_json', `the body is not JSON: ${JSON.stringify(text.slice(0, 60))}; send an object such as {"quick": true}`), undefined);
      }
    });
    const guard = actionGuard({
      tokenConfigured: Boolean(ctx.deps.config.api?.token),
      boundHost: () => {
        const address = app.server.address();
        return address && typeof address === 'object' ? address.address : (ctx.deps.bindHost ?? null);
      },
    });
    const zapp = scope.withTypeProvider<ZodTypeProvider>();

    zapp.post('/models/:symbol/retrain', {
      onRequest: guard,
      schema: {
        summary: 'Start a retrain of the symbol (a retrainSymbol workflow): quick or full', tags: ['actions'],
        params: symbolParams, querystring: noQuery, body: retrainBody, response: { 202: retrainStarted, ...errorResponses },
      },
    }, async (request, reply) => {
      const { symbol } = request.params;
      if (!ctx.summaries.knows(symbol)) {
        throw new ApiError(404, 'unknown_symbol', `${symbol} is not a configured symbol and has no model (configured: ${ctx.deps.config.symbols.join(', ')})`);
      }
      const { quick, force } = request.body;
      const started = await actions().retrain({ symbol, quick, force, reason: `manual: dashboard (${quick ? 'quick' : 'full'})` });
      ctx.live.invalidate();
      reply.code(202);
      return { ...started, quick, link: link(started.workflowId, started.runId) };
    });

    zapp.post('/incidents/:id/acknowledge', {
      onRequest: guard,
      schema: {
        summary: 'Acknowledge an incident (it stays open until monitoring finds it cleared)', tags: ['actions'],
        params: incidentParams, querystring: noQuery, body: emptyBody, response: { 200: acknowledged, ...errorResponses },
      },
    }, async (request) => {
      const { id } = request.params;
      if (!ctx.deps.history.getIncident(id)) throw new ApiError(404, 'unknown_incident', `no incident ${id}; GET /incidents?status=all lists them`);
      const changed = await actions().acknowledgeIncident(id);
      return { id, acknowledged: true as const, alreadyAcknowledged: !changed };
    });

    for (const verb of ['pause', 'unpause'] as const) {
      zapp.post(`/schedules/:id/${verb}`, {
        onRequest: guard,
        schema: {
          summary: verb === 'pause' ? 'Pause a schedule (with a note)' : 'Unpause a schedule', tags: ['actions'],
          params: scheduleParams, querystring: noQuery, body: pauseBody, response: { 200: scheduleChanged, ...errorResponses },
        },
      }, async (request) => {
        const { id } = request.params;
        const note = request.body.note ?? `${verb}d from the dashboard`;
        if (verb === 'pause') await actions().pauseSchedule(id, note);
        else await actions().unpauseSchedule(id, note);
        ctx.schedules.invalidate();
        return { scheduleId: id, paused: verb === 'pause' };
      });
    }

    zapp.post('/schedules/:id/trigger', {
      onRequest: guard,
      schema: {
        summary: 'Run a schedule\'s workflow now (skipped while a run of it is going)', tags: ['actions'],
        params: scheduleParams, querystring: noQuery, body: emptyBody, response: { 202: scheduleTriggered, ...errorResponses },
      },
    }, async (request, reply) => {
      const result = await actions().triggerSchedule(request.params.id);
      ctx.schedules.invalidate();
      ctx.live.invalidate();
      reply.code(202);
      return { scheduleId: result.scheduleId, triggered: result.alreadyRunning.length === 0, alreadyRunning: result.alreadyRunning };
    });
  });
}
