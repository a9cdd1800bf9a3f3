/**
 * Optional bearer token (`api.token`). When set, every route needs
 * `Authorization: Bearer <token>` except those marked `config: { public: true }`: `/health`
 * (probes) and the dashboard's static shell (`/`, `/dashboard`, `/assets/*`), which holds no
 * data — a browser cannot add a header to a page load, so the page asks for the token and
 * sends it with every data request it makes.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './errors';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Served without the bearer token. */
    public?: boolean;
  }
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** An onRequest hook enforcing the token; undefined when no token is configured. */
export function bearerAuth(token: string | undefined) {
  if (!token) return undefined;
  const expected = digest(token);
  return async function checkBearer(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (request.routeOptions.config?.public) return;
    const header = request.headers.authorization;
    // The challenge goes on 401 answers only, not on every authorised response.
    const refuse = (message: string) => {
      reply.header('www-authenticate', 'Bearer realm="stockflow"');
      return new ApiError(401, 'unauthorized', message);
    };
    if (!header) throw refuse('this API requires a bearer token: send "Authorization: Bearer <api.token>"');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    // Compare fixed-length digests in constant time: no early exit leaks the token's prefix.
    if (!match || !timingSafeEqual(digest(match[1]), expected)) {
      throw refuse('the bearer token is not valid');
    }
  };
}
