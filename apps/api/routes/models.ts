/**
 * `GET /models` (status row per symbol: champion, age, holdout metrics beside baselines with
 * n, each judged against its threshold, last/next run, open-incident counts), `GET /models/:symbol`
 * (the row plus metadata, versions, evaluation history, decisions, live scores, audit, open incidents) and
 * `GET /models/:symbol/forecasts` (forecast vs actual for the chart). An evaluation's price
 * source shows only its kind unless the caller is authenticated (priceSourceView). The serialised
 * `/models` answer is kept while its inputs are unchanged (models-body-cache.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.js';
import { jsonBodyReply, serialiseJson } from '../json-body.js';
import { ModelsBodyCache } from '../models-body-cache.js';
import { listRows, oneRow } from '../overview.js';
import { forecasts, modelDetail, modelList } from '../schemas/models.js';
import { limitQuery, noQuery, symbolParams } from '../schemas/request.js';
import { errorResponses } from '../schemas/responses.js';
import { notFoundForSymbol, priceSourceView } from './shared.js';

export function modelRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { history, registry } = ctx.deps;
  const zapp = app.withTypeProvider<ZodTypeProvider>();
  // The serialised `/models` answer, kept while its inputs are unchanged (models-body-cache.ts).
  const listBodies = new ModelsBodyCache(ctx.deps.modelsBodyMaxAgeMs);

  zapp.get('/models', {
    schema: { summary: 'One status row per symbol', tags: ['models'], querystring: noQuery, response: { 200: modelList, ...errorResponses } },
  }, async (_request, reply) => {
    const now = ctx.now();
    const schedules = await ctx.schedules.get();
    const models = ctx.summaries.all();
    const freshness = await ctx.freshness.all(models.map((m) => m.symbol));
    const inputs = { stamp: history.changeStamp(), models, freshness, schedules: schedules.schedules, schedulesError: schedules.error, temporalUi: ctx.deps.temporalUi };
    const kept = listBodies.get(inputs, now.getTime());
    if (kept) return jsonBodyReply(reply, kept);
    const json = serialiseJson(reply, {
      generatedAt: now.toISOString(),
      models: await listRows(ctx, models, schedules.schedules, now, freshness),
      schedules: schedules.schedules,
      ...(schedules.error ? { schedulesError: schedules.error } : {}),
      temporalUi: ctx.deps.temporalUi ?? null,
    });
    listBodies.set(inputs, now.getTime(), json);
    return jsonBodyReply(reply, json);
  });

  zapp.get('/models/:symbol', {
    schema: { summary: "A symbol's row plus metadata, versions and history", tags: ['models'], params: symbolParams, querystring: limitQuery(200, 5000), response: { 200: modelDetail, ...errorResponses } },
  }, async (request) => {
    const { symbol } = request.params;
    const { limit } = request.query;
    const summary = ctx.summaries.knows(symbol) ? ctx.summaries.get(symbol) : null;
    if (!summary || summary.versionCount === 0) throw notFoundForSymbol(ctx, symbol);
    const schedules = await ctx.schedules.get();
    const description = registry.describe(symbol, { auditEntries: 50 });
    return {
      ...(await oneRow(ctx, summary, schedules.schedules, ctx.now())),
      metadata: description.championMetadata,
      versions: description.versions,
      backups: description.backups.map(({ dir: _dir, ...b }) => b),
      evaluations: history.evaluationHistory(symbol, { limit }).map((e) => ({ ...e, source: priceSourceView(e.source, request.authenticated) })),
      liveScores: history.liveScoreHistory(symbol, { limit }),
      decisions: history.decisionHistory(symbol, { limit }),
      audit: description.recentAudit,
      incidents: history.incidents({ status: 'open', symbol }),
    };
  });

  zapp.get('/models/:symbol/forecasts', {
    schema: { summary: 'Holdout forecasts against actual closes, and stored forecasts', tags: ['models'], params: symbolParams, querystring: limitQuery(250, 5000), response: { 200: forecasts, ...errorResponses } },
  }, async (request) => {
    const { symbol } = request.params;
    const summary = ctx.summaries.knows(symbol) ? ctx.summaries.get(symbol) : null;
    if (!summary || summary.versionCount === 0) throw notFoundForSymbol(ctx, symbol);
    return ctx.forecasts.forecasts(summary, request.query.limit);
  });
}

