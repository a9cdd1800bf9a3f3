/**
 * Optional bearer token (`api.token`). When set, every route needs
 * `Authorization: Bearer <token>` except those marked `config: { public: true }`: `/health`
 * (probes) and the dashboard's static shell (`/`, `/dashboard`, `/assets/*`), which holds no
 * data — a browser cannot add a header to a page load, so the page asks for the token and
 * sends it with every data request it makes.
 *
 * `request.authenticated` is true when a configured token was presented and matched: routes
 * show server-side details (the price source's path) only then. Without a configured token
 * nobody is authenticated.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Served without the bearer token. */
    public?: boolean;
  }
  interface FastifyRequest {
    /** A configured bearer token was presented and matched. */
    authenticated: boolean;
  }
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Adds `request.authenticated` (false until the bearer hook has checked a token). */
export function decorateAuthenticated(app: FastifyInstance): void {
  app.decorateRequest('authenticated', false);
}

/** An onRequest hook enforcing the token; undefined when no token is configured. */
export function bearerAuth(token: string | undefined) {
  if (!token) return undefined;
  const expected = digest(token);
  // Compare fixed-length digests in constant time: no early exit leaks the token's prefix.
  const matches = (header: string | undefined) => {
    const token = header ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined;
    return token !== undefined && timingSafeEqual(digest(token), expected);
  };
  return async function checkBearer(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const header = request.headers.authorization;
    request.authenticated = matches(header);
    if (request.authenticated || request.routeOptions.config?.public) return;
    // The challenge goes on 401 answers only, not on every authorised response.
    reply.header('www-authenticate', 'Bearer realm="stockflow"');
    throw new ApiError(401, 'unauthorized', header
      ? 'the bearer token is not valid'
      : 'this API requires a bearer token: send "Authorization: Bearer <api.token>"');
  };
}
