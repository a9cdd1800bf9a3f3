/**
 * `GET /health` (public, for probes): 200 when the history database and the model registry
 * answer, 503 `degraded` otherwise, with uptime and what is being served. A champion whose
 * files fail verification (registry.checkChampion) makes it `degraded` too, still 200: the
 * API keeps answering, but that symbol's model cannot be loaded or retrained from.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { healthSchema, noQuery } from '../schemas';
import { errorResponses } from './shared';

export function healthRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/health', {
    config: { public: true },
    schema: { querystring: noQuery, response: { 200: healthSchema, 503: healthSchema, ...errorResponses } },
  }, async (_request, reply) => {
    const now = ctx.now();
    const db: { ok: boolean; schemaVersion: number | null; error?: string } = { ok: true, schemaVersion: null };
    try {
      db.schemaVersion = ctx.deps.history.schemaVersion();
    } catch (err) {
      db.ok = false;
      db.error = err instanceof Error ? err.message : String(err);
    }
    const registry: { ok: boolean; error?: string; championProblems?: string[] } = { ok: true };
    let withModel = 0;
    let versions = 0;
    const championProblems: string[] = [];
    try {
      for (const s of ctx.summaries.all()) {
        if (s.champion) withModel++;
        if (s.championProblem) championProblems.push(`${s.symbol}: ${s.championProblem}`);
        versions += s.versionCount;
      }
      if (championProblems.length > 0) registry.championProblems = championProblems;
    } catch (err) {
      registry.ok = false;
      registry.error = err instanceof Error ? err.message : String(err);
    }
    const ok = db.ok && registry.ok;
    return reply.code(ok ? 200 : 503).send({
      status: ok && championProblems.length === 0 ? 'ok' : 'degraded',
      startedAt: ctx.startedAt.toISOString(),
      uptimeSeconds: Math.round((now.getTime() - ctx.startedAt.getTime()) / 100) / 10,
      symbols: { configured: ctx.deps.config.symbols.length, withModel },
      versions,
      db,
      registry,
    });
  });

  app.get('/metrics', { schema: { querystring: noQuery, response: errorResponses } }, async (_request, reply) => {
    const text = await ctx.metrics.text();
    return reply.type(ctx.metrics.contentType).send(text);
  });
}
