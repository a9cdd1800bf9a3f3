/**
 * Pre-serialised JSON answers: a body serialised once (by the route's own schema serialiser)
 * with its weak ETag, so a route can keep it while its inputs are unchanged and a repeated
 * request is a lookup — no object building, no serialisation, no hashing (bench:api,
 * bench:models). http-conventions.ts's ETag hook honours an ETag set here instead of hashing.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';

export interface JsonBody {
  body: string;
  etag: string;
}

/** The body serialised by the reply's route schema (status 200) and its weak ETag (SHA-1 of the text). */
export function serialiseJson(reply: FastifyReply, value: unknown): JsonBody {
  const body = reply.serialize(value);
  if (typeof body !== 'string') throw new Error('the route serialiser returned bytes, not JSON text');
  return { body, etag: weakEtagOf(body) };
}

export function weakEtagOf(body: string): string {
  return `W/"${createHash('sha1').update(body).digest('base64url')}"`;
}

/**
 * The pre-serialised body to return from a handler, with the HTTP conventions applied here
 * rather than by http-conventions.ts's hook: content type, ETag, `Cache-Control: no-cache` (unless
 * the route set another), and a 304 without a body when `If-None-Match` names the ETag (the ETag
 * hook then leaves it alone; a route with `config: { etagInHandler: true }` has no such hook at
 * all). fastify sends a string with a JSON content type unchanged. Typed `never` because a route's
 * schema type describes the object, not its text (the text was made by that same schema's
 * serialiser). Returned rather than `reply.send`-ed so async handlers and async onSend hooks
 * (compression) agree.
 */
export function jsonBodyReply(reply: FastifyReply, json: JsonBody): never {
  reply.header('content-type', 'application/json; charset=utf-8').header('etag', json.etag);
  if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-cache');
  if (ifNoneMatchNames(reply.request.headers['if-none-match'], json.etag)) {
    reply.code(304);
    return '' as never;
  }
  return json.body as never;
}

/** Whether an If-None-Match header names the ETag, by weak comparison (RFC 9110 §13.1.2): `*`, or any listed tag equal without its W/. */
export function ifNoneMatchNames(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === opaque);
}
