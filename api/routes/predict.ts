/**
 * `GET /predict/:symbol`: the stored next-session forecast (written by the worker after each
 * retrain and price refresh), never computed per request — one indexed SQLite lookup plus the
 * cached champion pointer, so this stays sub-millisecond.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { noQuery, predictionSchema, symbolParams } from '../schemas';
import { errorResponses, notFoundForSymbol } from './shared';

export function predictRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { symbol: string } }>('/predict/:symbol', {
    schema: { params: symbolParams, querystring: noQuery, response: { 200: predictionSchema, ...errorResponses } },
  }, (request, reply) => {
    const { symbol } = request.params;
    const p = ctx.deps.history.latestPrediction(symbol);
    if (!p) throw notFoundForSymbol(ctx, symbol);
    const known = ctx.summaries.symbols().includes(symbol);
    const championVersion = known ? (ctx.summaries.get(symbol).champion?.version ?? null) : null;
    return reply.send({
      symbol,
      forecastClose: p.forecastClose,
      lastClose: p.lastClose,
      expectedChange: p.lastClose ? p.forecastClose / p.lastClose - 1 : null,
      direction: p.direction,
      confidence: p.confidence,
      modelVersion: p.modelVersion,
      championVersion,
      servedByChampion: championVersion === p.modelVersion,
      asOf: p.asOf,
      targetDate: p.targetDate,
      createdAt: p.createdAt,
    });
  });
}

