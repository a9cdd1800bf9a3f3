/**
 * `GET /incidents?status=open|resolved|all&symbol=&limit=`: what monitoring found wrong, one
 * incident per (symbol, rule) with first/last seen, occurrences and advice; open ones by default,
 * the most recently seen first. `symbol=system` lists the system-wide incidents. Read-only.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.js';
import { incidentsQuery } from '../schemas/request.js';
import { errorResponses, incidentList } from '../schemas/responses.js';

export function incidentRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.withTypeProvider<ZodTypeProvider>().get('/incidents', {
    schema: { summary: 'Incidents monitoring found, open ones by default', tags: ['monitoring'], querystring: incidentsQuery, response: { 200: incidentList, ...errorResponses } },
  }, async (request) => {
    const { status, symbol, limit } = request.query;
    const incidents = ctx.deps.history.incidents({ status, symbol: symbol === undefined ? undefined : symbol === 'system' ? null : symbol, limit });
    return { generatedAt: ctx.now().toISOString(), status, symbol: symbol ?? null, incidents };
  });
}
