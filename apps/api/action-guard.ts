/**
 * Who may act (the POST routes that start Temporal work or write the history): a caller that
 * presented the configured token (auth.ts), or — when no token is configured — anyone, but only
 * while the API is bound to a loopback address (a shared bind without a token is read-only, with
 * a 403 saying how to enable actions). Each action also refuses a cross-site request (a page on
 * another origin posting to a loopback API) and a body that is not JSON: a form cannot send
 * `application/json` across origins without a preflight, and CORS never allows POST.
 */
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { ApiError } from './errors.js';

/** 127.0.0.0/8, ::1 (also IPv4-mapped) and "localhost". */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

export interface ActionGuardOptions {
  tokenConfigured: boolean;
  /** The address the server listens on (null: not listening and not told). */
  boundHost(): string | null;
}

/** An onRequest hook for the action routes (after the bearer check, before any body is read). */
export function actionGuard(o: ActionGuardOptions) {
  return function guardAction(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
    if (!request.authenticated) {
      const host = o.boundHost();
      if (o.tokenConfigured || host === null || !isLoopbackHost(host)) {
        return done(new ApiError(403, 'actions_need_token', `actions (retrain, acknowledge, pause, trigger) need a token when the API listens on ${host === null ? 'an unknown address' : JSON.stringify(host)}, which is not loopback: set api.token (STOCKFLOW_API_TOKEN) and send "Authorization: Bearer <token>", or bind api.host to 127.0.0.1`));
      }
    }
    const origin = request.headers.origin;
    const crossSite = request.headers['sec-fetch-site'] === 'cross-site' || (origin !== undefined && originHost(origin) !== request.headers.host);
    if (crossSite) {
      return done(new ApiError(403, 'cross_origin', `actions are refused from another origin (${JSON.stringify(String(origin ?? 'cross-site').slice(0, 60))}): use this API's own dashboard or a client without an Origin header`));
    }
    const type = String(request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') {
      return done(new ApiError(415, 'unsupported_media_type', `an action takes a JSON body: send "Content-Type: application/json" with an object ({} for the defaults)${type ? `, not ${JSON.stringify(type.slice(0, 60))}` : ''}`));
    }
    done();
  };
}

function originHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
