/**
 * buildApp: the HTTP API as a fastify instance, built from injected dependencies and not
 * listening — tests call it in-process with `app.inject`, api/server.ts listens.
 *
 * Routes: GET /predict/:symbol · /models · /models/:symbol · /models/:symbol/forecasts ·
 * /health · /metrics · / and /dashboard · /assets/:name. Every path parameter and query string
 * is validated by a JSON schema (unknown query parameters are a 400, not ignored); every error
 * is `{ error: { code, message } }` from one handler (errors.ts).
 *
 * Symbols are case-sensitive: `/predict/aapl` is a 400 whose message suggests "AAPL". Tickers
 * are upper case everywhere else in stockflow (config, registry, history), and one spelling per
 * resource keeps caches and metrics labels unambiguous.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { bearerAuth } from './auth';
import type { AppContext } from './context';
import { ApiError, makeErrorHandler } from './errors';
import { ForecastService } from './forecasts';
import { FreshnessService } from './freshness';
import { ApiMetrics } from './metrics';
import { ModelSummaries } from './model-summaries';
import { dashboardRoutes } from './routes/dashboard';
import { healthRoutes } from './routes/health';
import { modelRoutes } from './routes/models';
import { predictRoutes } from './routes/predict';
import { ScheduleCache } from './schedule-cache';
import type { ApiDeps, ApiLogger } from './types';

const silent: ApiLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export interface BuildAppOptions {
  /** Node process metrics on /metrics (default true; benchmarks and tests may turn them off). */
  processMetrics?: boolean;
}

export async function buildApp(deps: ApiDeps, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const now = deps.now ?? (() => new Date());
  const logger = deps.logger ?? silent;
  const summaries = new ModelSummaries({ registry: deps.registry, configuredSymbols: deps.config.symbols, now, ttlMs: deps.summaryTtlMs });
  const freshness = new FreshnessService({
    history: deps.history, priceCache: deps.priceCache, now, staleAfterSessions: deps.config.monitoring?.staleAfterSessions ?? 1, ttlMs: deps.freshnessTtlMs,
  });
  const ctx: AppContext = {
    deps,
    summaries,
    freshness,
    metrics: new ApiMetrics({ summaries, history: deps.history, now, processMetrics: options.processMetrics, freshness, configuredSymbols: deps.config.symbols }),
    forecasts: new ForecastService({ registry: deps.registry, history: deps.history, priceCache: deps.priceCache, now }),
    schedules: new ScheduleCache({ source: deps.scheduleInfo, now, logger }),
    logger,
    now,
    startedAt: now(),
  };

  const app = Fastify({
    logger: false,
    // Long enough that a 500-character "symbol" reaches schema validation (a 400) instead of
    // failing to match a route (a 404).
    routerOptions: { maxParamLength: 1000, ignoreTrailingSlash: true },
    return503OnClosing: true,
    // Strict: no coercion of unknown fields away; integers in query strings still parse.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, useDefaults: true, allErrors: false } },
  });

  app.setErrorHandler(makeErrorHandler(logger));
  app.setNotFoundHandler((request) => {
    const urlPath = request.url.split('?')[0];
    // `/predict/../../etc/passwd` sent verbatim matches no route; say why instead of "no route".
    if (/(^|\/)\.\.?(\/|$)/.test(urlPath) || /%2e%2e|%2f/i.test(urlPath)) {
      throw new ApiError(400, 'invalid_path', 'the path contains "." or ".." segments or an encoded "/"; name a symbol, not a file (e.g. GET /predict/AAPL)');
    }
    throw new ApiError(404, 'route_not_found', `no route ${request.method} ${urlPath}; see GET /models, /predict/:symbol, /health, /metrics`);
  });

  const auth = bearerAuth(deps.config.api?.token);
  if (auth) app.addHook('onRequest', auth);

  app.addHook('onResponse', (request, reply, done) => {
    ctx.metrics.observe(request.routeOptions.url ?? '(unmatched)', request.method, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });

  predictRoutes(app, ctx);
  modelRoutes(app, ctx);
  healthRoutes(app, ctx);
  dashboardRoutes(app);

  await app.ready();
  return app;
}
