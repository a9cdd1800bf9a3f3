/**
 * buildApp: the HTTP API as a fastify instance, built from injected dependencies and not
 * listening — tests call it in-process with `app.inject`, api/server.ts listens.
 *
 * Routes: GET /predict/:symbol · /models · /models/:symbol · /models/:symbol/forecasts ·
 * /incidents · /workflows · /health · /metrics · /openapi.json · /docs · / and /dashboard ·
 * /assets/:name; the actions POST /models/:symbol/retrain · /incidents/:id/acknowledge ·
 * /schedules/:id/{pause,unpause,trigger} (routes/actions.ts: token, or a loopback bind).
 * Each route has one schema source, zod (schemas/): its parameters and query string are
 * validated by it (unknown query parameters are a 400; numbers are plain digits; dates real
 * calendar days; symbols case-insensitive), its answers serialised from it and the OpenAPI
 * document generated from it (openapi.ts). Every error is `{ error: { code, message } }` —
 * from one handler (errors.ts) for everything fastify sees, from client-errors.ts for what
 * Node's parser refuses first. A known path with another method is a 405 with `Allow`. JSON
 * answers carry an ETag and are compressed on request; CORS only when configured
 * (http-conventions.ts). Only the actions take a body (JSON); elsewhere bodies are never parsed.
 */
import Fastify, { type FastifyInstance, type FastifyRequest, type onResponseHookHandler } from 'fastify';
import { bearerAuth, decorateAuthenticated } from './auth.js';
import { clientErrorHandler, refuseConnect } from './client-errors.js';
import type { AppContext } from './context.js';
import { ApiError, makeErrorHandler, quoteInput } from './errors.js';
import { ForecastService } from './forecasts.js';
import { httpConventions } from './http-conventions.js';
import { streamLogger } from './logger.js';
import { FreshnessService } from './freshness.js';
import { LiveWorkflows } from './live-workflows.js';
import { ApiMetrics } from './metrics.js';
import type { RouteRequestMetrics } from './request-metrics.js';
import { ModelSummaries } from './model-summaries.js';
import { openApi } from './openapi.js';
import { actionRoutes } from './routes/actions.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { healthRoutes } from './routes/health.js';
import { incidentRoutes } from './routes/incidents.js';
import { modelRoutes } from './routes/models.js';
import { predictRoutes } from './routes/predict.js';
import { ScheduleCache } from './schedule-cache.js';
import type { ApiDeps } from './types.js';
import { serializerCompiler, validatorCompiler } from './zod-compilers.js';

/** The version the OpenAPI document states (package.json's). */
const API_VERSION = '0.1.0';

export interface BuildAppOptions {
  /** Node process metrics on /metrics (default true; benchmarks and tests may turn them off). */
  processMetrics?: boolean;
}

export async function buildApp(deps: ApiDeps, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const now = deps.now ?? (() => new Date());
  // Without an injected clock, epoch ms come from Date.now: no Date built per request (bench:api).
  const nowMs = deps.now ? () => now().getTime() : Date.now;
  // Never silent by default: `npm start` passes no logger, and its 500s must be logged.
  const logger = deps.logger ?? streamLogger();
  const summaries = new ModelSummaries({ registry: deps.registry, configuredSymbols: deps.config.symbols, now, nowMs, ttlMs: deps.summaryTtlMs });
  const freshness = new FreshnessService({
    history: deps.history, priceCache: deps.priceCache, now, nowMs, staleAfterSessions: deps.config.monitoring?.staleAfterSessions ?? 1, ttlMs: deps.freshnessTtlMs,
  });
  const ctx: AppContext = {
    deps,
    summaries,
    freshness,
    metrics: new ApiMetrics({ summaries, history: deps.history, now, processMetrics: options.processMetrics, freshness, configuredSymbols: deps.config.symbols }),
    forecasts: new ForecastService({ registry: deps.registry, history: deps.history, priceCache: deps.priceCache, now }),
    schedules: new ScheduleCache({ source: deps.scheduleInfo, now, logger }),
    live: new LiveWorkflows({ actions: deps.actions, now, logger }),
    logger,
    now,
    nowMs,
    startedAt: now(),
  };

  const errorHandler = makeErrorHandler(logger);
  const app = Fastify({
    logger: false,
    // Long enough that a 500-character "symbol" reaches schema validation (a 400) instead of
    // failing to match a route (a 404); longer is a 414 (frameworkErrors).
    routerOptions: { maxParamLength: 1000, ignoreTrailingSlash: true },
    return503OnClosing: true,
    // Bad percent-encoding and over-long parameters: fastify's own errors, through our handler.
    frameworkErrors: (err, request, reply) => errorHandler(err, request, reply),
    clientErrorHandler,
    // A missing Host header is refused below in the one error shape, not by Node with an empty body.
    http: { requireHostHeader: false },
  });
  app.server.on('connect', refuseConnect);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.setErrorHandler(errorHandler);
  // What matched no route is counted by a hook of the not-found handler's own (fastify adds any
  // lifecycle hook given here to that context; its types name only preValidation and preHandler).
  const notFoundOptions = { onResponse: recordRequestMetrics(app, ctx.metrics) } as Parameters<typeof app.setNotFoundHandler>[0];
  app.setNotFoundHandler(notFoundOptions, (request) => {
    throw notFound(app, request);
  });
  // No route takes a body: never parse (or buffer) one, whatever its content type says.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));

  // Callback style, not async: one promise less per request.
  app.addHook('onRequest', (request, _reply, done) => {
    if (request.raw.httpVersion === '1.1' && request.headers.host === undefined) {
      return done(new ApiError(400, 'bad_request', 'an HTTP/1.1 request needs a Host header'));
    }
    done();
  });
  decorateAuthenticated(app);
  const auth = bearerAuth(deps.config.api?.token);
  if (auth) app.addHook('onRequest', auth);


  await httpConventions(app, { corsOrigins: deps.config.api?.corsOrigins });
  await openApi(app, { version: API_VERSION, bearer: Boolean(deps.config.api?.token) });
  predictRoutes(app, ctx);
  modelRoutes(app, ctx);
  incidentRoutes(app, ctx);
  healthRoutes(app, ctx);
  await actionRoutes(app, ctx);
  dashboardRoutes(app);

  await app.ready();
  return app;
}

/**
 * Each response counted and timed under its route pattern: every route gets its own onResponse
 * hook holding its series (added when the route is registered, so a request reads no route
 * options, hashes no labels and runs no global hook). Returns the hook for what matched no
 * route, counted under "(unmatched)", for the not-found handler.
 */
function recordRequestMetrics(app: FastifyInstance, metrics: ApiMetrics): onResponseHookHandler {
  const recorder = (series: RouteRequestMetrics): onResponseHookHandler => (request, reply, done) => {
    series.observe(request.method, reply.statusCode, reply.elapsedTime / 1000);
    done();
  };
  app.addHook('onRoute', (route) => {
    // A new array: fastify copied this route's options for its HEAD twin, which gets its own hook.
    route.onResponse = [...toArray(route.onResponse), recorder(metrics.forRoute(route.url))];
  });
  return recorder(metrics.forRoute('(unmatched)'));
}

function toArray<T>(x: T | T[] | undefined): T[] {
  return x === undefined ? [] : Array.isArray(x) ? x : [x];
}

/** Why no route matched: a file-like path (400), a known path with another method (405), or no such route (404). */
function notFound(app: FastifyInstance, request: FastifyRequest): ApiError {
  const urlPath = request.url.split('?')[0] ?? '';
  // `/predict/../../etc/passwd` sent verbatim matches no route; say why instead of "no route".
  if (/(^|\/)\.\.?(\/|$)/.test(urlPath) || /%2e%2e|%2f/i.test(urlPath)) {
    return new ApiError(400, 'invalid_path', 'the path contains "." or ".." segments or an encoded "/"; name a symbol, not a file (e.g. GET /predict/AAPL)');
  }
  const allowed = (['GET', 'POST'] as const).filter((method) => app.findRoute({ method, url: urlPath }));
  if (allowed.length && !allowed.includes(request.method as 'GET' | 'POST')) {
    const allow = allowed.flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m])).join(', ');
    const why = allowed.includes('GET') ? 'this resource is read-only' : 'this action is a POST with a JSON body';
    return new ApiError(405, 'method_not_allowed', `${request.method} is not allowed on ${quoteInput(urlPath)}: ${why} (${allow})`, { allow });
  }
  return new ApiError(404, 'route_not_found', `no route ${request.method} ${quoteInput(urlPath)}; see GET /models, /predict/:symbol, /incidents, /health, /metrics`);
}
