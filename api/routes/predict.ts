/**
 * `GET /predict/:symbol`: the stored next-session forecast (written by the worker after each
 * retrain and price refresh), never computed per request — one indexed SQLite lookup plus the
 * cached champion pointer, so this stays sub-millisecond.
 */
import type { FastifyInstance } from 'fastify';
import type { PredictionRecord } from '../../history';
import type { AppContext } from '../context';
import { toForecastView } from '../overview';
import { noQuery, predictionSchema, symbolParams } from '../schemas';
import { errorResponses, notFoundForSymbol } from './shared';

export function predictRoutes(app: FastifyInstance, ctx: AppContext): void {
  const latest = new LatestPredictions(ctx);
  app.get<{ Params: { symbol: string } }>('/predict/:symbol', {
    schema: { params: symbolParams, querystring: noQuery, response: { 200: predictionSchema, ...errorResponses } },
  }, (request, reply) => {
    const { symbol } = request.params;
    const known = ctx.summaries.symbols().includes(symbol);
    const p = known ? latest.get(symbol) : ctx.deps.history.latestPrediction(symbol);
    if (!p) throw notFoundForSymbol(ctx, symbol);
    const championVersion = known ? (ctx.summaries.get(symbol).champion?.version ?? null) : null;
    return reply.send({ ...toForecastView(p), championVersion, servedByChampion: championVersion === p.modelVersion });
  });
}


/**
 * The stored latest forecast per known symbol, re-read from the database at most every
 * `predictionTtlMs` (default 500 ms; 0 = every request). Forecasts change once a day, so this
 * costs nothing in freshness and saves the lookup under load. Only symbols the API knows
 * (configured or in the registry) are kept, so the map cannot grow with arbitrary requests.
 */
class LatestPredictions {
  private readonly entries = new Map<string, { at: number; record: PredictionRecord | null }>();
  private readonly ttlMs: number;

  constructor(private readonly ctx: AppContext) {
    this.ttlMs = ctx.deps.predictionTtlMs ?? 500;
  }

  get(symbol: string): PredictionRecord | null {
    if (this.ttlMs <= 0) return this.ctx.deps.history.latestPrediction(symbol);
    const now = this.ctx.now().getTime();
    const hit = this.entries.get(symbol);
    if (hit && now - hit.at < this.ttlMs) return hit.record;
    const record = this.ctx.deps.history.latestPrediction(symbol);
    this.entries.set(symbol, { at: now, record });
    return record;
  }
}
