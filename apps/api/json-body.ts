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
 * The pre-serialised body to return from a handler, with its content type and ETag set: fastify
 * sends a string with a JSON content type unchanged. Typed `never` because a route's schema type
 * describes the object, not its text (the text was made by that same schema's serialiser).
 * Returned rather than `reply.send`-ed so async handlers and async onSend hooks (compression) agree.
 */
export function jsonBodyReply(reply: FastifyReply, json: JsonBody): never {
  reply.header('content-type', 'application/json; charset=utf-8').header('etag', json.etag);
  return json.body as never;
}
