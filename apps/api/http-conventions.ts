/**
 * The HTTP conventions every JSON answer follows (issue 13, item 3):
 * - a weak ETag from the serialised body and `Cache-Control: no-cache` (clients revalidate;
 *   a matching `If-None-Match` is a 304 with no body) — weak because compression changes the
 *   bytes, not the representation;
 * - compression (gzip, deflate, br) when the client asks and the body is over 1 kB
 *   (`@fastify/compress`);
 * - CORS only for the origins configured in `api.corsOrigins` (STOCKFLOW_API_CORS_ORIGINS;
 *   `*` for any): off by default, so a browser page elsewhere cannot read the API.
 * The ETag hook is added to each route before compression adds its own, so it hashes the JSON
 * text; a route sending a cached pre-serialised body (json-body.ts) sets its ETag and is not
 * hashed again, and a route whose every 200 is such a body (`config: { etagInHandler: true }`:
 * `/predict`) gets no ETag hook.
 */
import fastifyCompress from '@fastify/compress';
import fastifyCors from '@fastify/cors';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ifNoneMatchNames, weakEtagOf } from './json-body.js';

/** A body of at least this many bytes is compressed when the client accepts an encoding. */
export const COMPRESS_THRESHOLD_BYTES = 1024;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Every 200 of this route comes from json-body.ts's jsonBodyReply, which sets the ETag and answers If-None-Match itself: no ETag hook. */
    etagInHandler?: boolean;
  }
}

export async function httpConventions(app: FastifyInstance, options: { corsOrigins?: readonly string[] }): Promise<void> {
  // Per route rather than global, so a route answering its conditionals itself runs no onSend hook at all (bench:api).
  // First in the route's onSend list, as compression's onRoute (registered after) appends its own.
  app.addHook('onRoute', (route) => {
    if (route.config?.etagInHandler) return;
    route.onSend = [etagHook, ...(route.onSend === undefined ? [] : Array.isArray(route.onSend) ? route.onSend : [route.onSend])];
  });
  // No route takes a body: no request decompression hooks. A route whose answers stay under the
  // threshold (`/predict`) opts out with `compress: false` and skips compression's hooks.
  await app.register(fastifyCompress, { global: true, globalDecompression: false, threshold: COMPRESS_THRESHOLD_BYTES });
  const origins = options.corsOrigins ?? [];
  if (origins.length > 0) {
    await app.register(fastifyCors, {
      origin: origins.includes('*') ? '*' : [...origins],
      methods: ['GET', 'HEAD'],
      allowedHeaders: ['Authorization', 'If-None-Match'],
      exposedHeaders: ['ETag'],
      maxAge: 600,
    });
  }
}

/** Callback style, not async: one promise less on every answer (the API's hot path, bench:api). */
function etagHook(request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, payload: unknown) => void): void {
  if (reply.statusCode !== 200 || typeof payload !== 'string') return done(null, payload);
  const type = reply.getHeader('content-type');
  if (typeof type !== 'string' || !type.startsWith('application/json')) return done(null, payload);
  // A route sending a pre-serialised body (json-body.ts) set its ETag already: no hashing.
  const given = reply.getHeader('etag');
  const etag = typeof given === 'string' ? given : weakEtagOf(payload);
  if (given === undefined) reply.header('etag', etag);
  if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-cache');
  if (ifNoneMatchNames(request.headers['if-none-match'], etag)) {
    reply.code(304);
    return done(null, '');
  }
  done(null, payload);
}
