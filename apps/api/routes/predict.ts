/**
 * `GET /predict/:symbol`: the stored next-session forecast (written by the worker after each
 * retrain and price refresh), never computed per request — one indexed SQLite lookup plus the
 * cached champion pointer, so this stays sub-millisecond. Every answer carries `targetDate` (the
 * NYSE session the forecast is for), its 80% / 95% `intervals`, a direction that is "none" when the
 * model has no directional information, and `stale` with the symbol's `freshness` (cached per symbol).
 * The serialised answer and its ETag are kept per symbol while the forecast row, the champion and the
 * freshness object are the same, so a repeated request sends a kept string (bench:api); until the
 * first of those caches would look again, a repeat does not even ask them (one map lookup).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Freshness } from '../../../common/wire/index.js';
import type { PredictionRecord } from '../../../domain/history/index.js';
import type { AppContext } from '../context.js';
import { toForecastView } from '../../../domain/serving/forecast-view.js';
import { jsonBodyReply, serialiseJson, type JsonBody } from '../json-body.js';
import { predictQuery, symbolParams } from '../schemas/request.js';
import { errorResponses, prediction } from '../schemas/responses.js';
import { notFoundForSymbol } from './shared.js';

export function predictRoutes(app: FastifyInstance, ctx: AppContext): void {
  const latest = new LatestPredictions(ctx);
  app.withTypeProvider<ZodTypeProvider>().get('/predict/:symbol', {
    // Answers are ~700 bytes, under the compression threshold: skip compression's hooks (bench:api).
    compress: false,
    // Every 200 goes through jsonBodyReply (ETag, Cache-Control, If-None-Match): no onSend hook at all.
    config: { etagInHandler: true },
    schema: {
      summary: 'The stored next-session forecast of a symbol (or one computed as of a past day)',
      tags: ['forecasts'],
      params: symbolParams,
      querystring: predictQuery,
      response: { 200: prediction, ...errorResponses },
    },
  }, (request, reply) => {
    const { symbol } = request.params;
    if (request.query.asOf) return onDemand(ctx, symbol, ctx.summaries.knows(symbol), request.query.asOf).then((answer) => sendAnswer(reply, answer));
    // Before `until` every cache below would answer as when this body was last confirmed: send it (bench:api).
    const kept = bodies.get(symbol);
    if (kept && ctx.nowMs() < kept.until) return jsonBodyReply(reply, kept.json);
    const known = ctx.summaries.knows(symbol);
    // A symbol the API does not know costs no database lookup.
    const p = known ? latest.get(symbol) : undefined;
    if (!p) throw notFoundForSymbol(ctx, symbol);
    const championVersion = known ? (ctx.summaries.get(symbol).champion?.version ?? null) : null;
    // Synchronous while the symbol's freshness is cached (nearly always): no promise per request (bench:api).
    const cached = ctx.freshness.peek(symbol);
    if (cached) {
      // Until the first of the caches it was read from may re-read (the one-lookup path above).
      const until = Math.min(ctx.summaries.keptUntil(symbol), latest.keptUntil(symbol), ctx.freshness.keptUntil(symbol));
      // The same forecast row, champion and freshness as last time: the serialised body is a lookup.
      if (kept && kept.predictionId === p.id && kept.championVersion === championVersion && kept.freshness === cached) {
        kept.until = until;
        return jsonBodyReply(reply, kept.json);
      }
      const json = serialiseJson(reply, { ...answerOf(p, championVersion), stale: ctx.freshness.isStale(cached), freshness: cached } satisfies PredictionAnswer);
      // Only known symbols reach here, so the map cannot grow with arbitrary requests.
      bodies.set(symbol, { predictionId: p.id, championVersion, freshness: cached, json, until });
      return jsonBodyReply(reply, json);
    }
    return freshnessFields(ctx, symbol).then((fields) => sendAnswer(reply, { ...answerOf(p, championVersion), ...fields }));
  });
  const bodies = new Map<string, CachedPrediction>();
}

/** A `/predict` answer as its response schema types it (an open object: extra forecast fields such as `intervals` pass through). */
type PredictionAnswer = z.output<typeof prediction> & Record<string, unknown>;

/** An answer serialised by the route's own schema and sent through jsonBodyReply (ETag, Cache-Control, If-None-Match). */
function sendAnswer(reply: FastifyReply, answer: PredictionAnswer): never {
  return jsonBodyReply(reply, serialiseJson(reply, answer));
}

/**
 * A serialised `/predict` answer and what it was made from (forecast row, champion, freshness
 * object), with when that was last confirmed to hold: until `until` (epoch ms, exclusive; the
 * earliest moment the summaries, the latest-forecast cache or the freshness cache would look
 * again) it holds without asking them.
 */
interface CachedPrediction {
  predictionId: number;
  championVersion: number | null;
  freshness: Freshness;
  json: JsonBody;
  until: number;
}

function answerOf(p: PredictionRecord, championVersion: number | null) {
  return { ...toForecastView(p), championVersion, servedByChampion: championVersion === p.modelVersion };
}

/** `?asOf=`: computed from the champion on the bars up to that day (a few ms; not stored). */
async function onDemand(ctx: AppContext, symbol: string, known: boolean, asOf: string): Promise<PredictionAnswer> {
  const champion = known ? ctx.summaries.get(symbol).champion : null;
  if (!champion) throw notFoundForSymbol(ctx, symbol);
  const p = await ctx.forecasts.predictAsOf(symbol, champion.version, asOf);
  return {
    symbol,
    forecastClose: p.forecastClose,
    lastClose: p.lastClose,
    expectedChange: p.forecastClose / p.lastClose - 1,
    direction: p.direction,
    confidence: p.confidence,
    intervals: p.intervals,
    modelVersion: champion.version,
    championVersion: champion.version,
    servedByChampion: true,
    asOf: p.asOf,
    targetDate: p.targetDate,
    createdAt: ctx.now().toISOString(),
    onDemand: true,
    ...(await freshnessFields(ctx, symbol)),
  };
}

/** `stale` and `freshness`: of the symbol's cached data now (for `?asOf=` too: the data the API has). */
async function freshnessFields(ctx: AppContext, symbol: string) {
  const freshness = await ctx.freshness.of(symbol);
  return { stale: ctx.freshness.isStale(freshness), freshness };
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
    const now = this.ctx.nowMs();
    const hit = this.entries.get(symbol);
    if (hit && now - hit.at < this.ttlMs) return hit.record;
    const record = this.ctx.deps.history.latestPrediction(symbol);
    this.entries.set(symbol, { at: now, record });
    return record;
  }

  /** Until when (epoch ms, exclusive) `get(symbol)` answers what it answers now without reading the database (-Infinity: not kept). */
  keptUntil(symbol: string): number {
    const hit = this.ttlMs > 0 ? this.entries.get(symbol) : undefined;
    return hit ? hit.at + this.ttlMs : -Infinity;
  }
}
