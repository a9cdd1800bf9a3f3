/**
 * `GET /health` (public, for probes). 503 `degraded` when the history database or the model
 * registry does not answer — the API cannot serve. 200 `degraded` with `reasons` when it can
 * serve but what it serves is doubtful: a configured symbol's data is stale or its last price
 * refresh failed, or it has no champion. 200 `ok` otherwise. Probes restart on 503 only: a
 * restart cannot fix stale data, and forecasts of the healthy symbols must stay up.
 * A champion whose files fail verification (registry.checkChampion) is one of those reasons
 * (`registry.championProblems`): that symbol's model cannot be loaded or retrained from.
 * `tfBackend`: the TensorFlow.js backend this process loads models with (null before it loaded one).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Freshness } from '../../../common/wire/index.js';
import { currentBackend } from '../../../domain/engine/backend-setting.js';
import { describeFreshness } from '../../../domain/judgement/freshness.js';
import type { AppContext } from '../context.js';
import { noQuery } from '../schemas/request.js';
import { errorResponses, health } from '../schemas/responses.js';

export function healthRoutes(app: FastifyInstance, ctx: AppContext): void {
  const zapp = app.withTypeProvider<ZodTypeProvider>();
  zapp.get('/health', {
    config: { public: true },
    schema: { summary: 'Liveness and what is doubtful (public)', tags: ['operations'], querystring: noQuery, response: { 200: health, 503: health, ...errorResponses } },
  }, async (_request, reply) => {
    const now = ctx.now();
    const configured = ctx.deps.config.symbols;
    const reasons: string[] = [];
    const db: { ok: boolean; schemaVersion: number | null; error?: string } = { ok: true, schemaVersion: null };
    try {
      db.schemaVersion = ctx.deps.history.schemaVersion();
    } catch (err) {
      db.ok = false;
      db.error = err instanceof Error ? err.message : String(err);
      reasons.push(`history database: ${db.error}`);
    }
    const registry: { ok: boolean; error?: string; championProblems?: string[] } = { ok: true };
    let withModel = 0;
    let versions = 0;
    /** Configured symbols without a champion, and why the pointer is unreadable when it is. */
    const noChampion = new Map<string, string | undefined>();
    const championProblems: string[] = [];
    try {
      for (const s of ctx.summaries.all()) {
        if (s.champion) withModel++;
        else if (configured.includes(s.symbol)) noChampion.set(s.symbol, s.championProblem);
        if (s.championProblem && s.champion) championProblems.push(`${s.symbol}: ${s.championProblem}`);
        versions += s.versionCount;
      }
      if (championProblems.length > 0) registry.championProblems = championProblems;
    } catch (err) {
      registry.ok = false;
      registry.error = err instanceof Error ? err.message : String(err);
      reasons.push(`model registry: ${registry.error}`);
    }
    const freshness = db.ok ? await freshnessOfAll(ctx, configured) : { ...emptySummary(), error: 'not checked: the history database is down' };
    if (freshness.error && db.ok) reasons.push(`freshness: ${freshness.error}`);
    for (const symbol of configured) {
      const f = freshness.states.get(symbol);
      if (f && f.state !== 'fresh') reasons.push(describeFreshness(f));
      if (noChampion.has(symbol)) {
        const problem = noChampion.get(symbol);
        reasons.push(`${symbol}: no champion model${problem ? ` (champion pointer unreadable: ${problem})` : ''}`);
      }
    }
    reasons.push(...championProblems);
    const serving = db.ok && registry.ok;
    const { states: _states, ...freshnessSummary } = freshness;
    return reply.code(serving ? 200 : 503).send({
      status: serving && reasons.length === 0 ? 'ok' : 'degraded',
      startedAt: ctx.startedAt.toISOString(),
      uptimeSeconds: Math.round((now.getTime() - ctx.startedAt.getTime()) / 100) / 10,
      symbols: { configured: configured.length, withModel },
      versions,
      reasons,
      freshness: freshnessSummary,
      db,
      registry,
      tfBackend: currentBackend(),
    });
  });

  zapp.get('/metrics', {
    schema: {
      summary: 'Prometheus metrics (text exposition format)',
      tags: ['operations'],
      querystring: noQuery,
      produces: ['text/plain'],
      response: { 200: z.string().meta({ description: 'Prometheus text format 0.0.4' }), ...errorResponses },
    },
  }, async (_request, reply) => {
    const text = await ctx.metrics.text();
    return reply.type(ctx.metrics.contentType).send(text);
  });
}

interface FreshnessReport {
  states: Map<string, Freshness>;
  lastCompletedSession: string | null;
  fresh: string[];
  stale: string[];
  failing: string[];
  error?: string;
}

function emptySummary(): FreshnessReport {
  return { states: new Map(), lastCompletedSession: null, fresh: [], stale: [], failing: [] };
}

async function freshnessOfAll(ctx: AppContext, symbols: readonly string[]): Promise<FreshnessReport> {
  const report = emptySummary();
  try {
    for (const f of await ctx.freshness.all(symbols)) {
      report.states.set(f.symbol, f);
      report.lastCompletedSession = f.lastCompletedSession;
      report[f.state].push(f.symbol);
    }
  } catch (err) {
    report.error = err instanceof Error ? err.message : String(err);
  }
  return report;
}
