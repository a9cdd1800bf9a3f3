/**
 * The API's one error shape, `{ error: { code, message } }`, produced by one error handler:
 * route code throws ApiError; schema validation, unknown routes, bad headers and unexpected
 * exceptions all end up here too, so a client can rely on the shape for every status.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { SYMBOL_PATTERN } from '../common/constants';
import type { ApiLogger } from './types';

export interface ErrorBody {
  error: { code: string; message: string };
}

export class ApiError extends Error {
  constructor(readonly statusCode: number, readonly code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ApiError';
  }
}

/** JSON schema of the error body (also used to serialise it). */
export const errorBodySchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' } },
      required: ['code', 'message'],
    },
  },
  required: ['error'],
} as const;

const CODE_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
  503: 'unavailable',
};

export const SYMBOL_RULE = 'a ticker symbol: 1-15 characters, uppercase letters, digits, ".", "-", "^" or "=", starting with a letter (e.g. "AAPL")';

/** Turns any error into the stable shape; the fastify error handler. */
export function makeErrorHandler(logger: ApiLogger) {
  return function errorHandler(err: FastifyError | ApiError | Error, request: FastifyRequest, reply: FastifyReply) {
    const { status, body } = describeError(err, request);
    if (status >= 500) logger.error(`${request.method} ${request.url} → ${status}: ${errorChain(err)}`);
    return reply.code(status).type('application/json; charset=utf-8').send(body);
  };
}

function describeError(err: FastifyError | ApiError | Error, request: FastifyRequest): { status: number; body: ErrorBody } {
  if (err instanceof ApiError) return { status: err.statusCode, body: { error: { code: err.code, message: err.message } } };
  const fe = err as FastifyError;
  if (fe.validation) {
    return { status: 400, body: { error: { code: 'invalid_request', message: validationMessage(fe, request) } } };
  }
  const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500;
  if (status >= 400 && status < 500) {
    return { status, body: { error: { code: CODE_BY_STATUS[status] ?? `http_${status}`, message: fe.message } } };
  }
  // A damaged saved model, or a version pruned under a stale summary: say so, not "internal".
  if (err.name === 'ModelIntegrityError') {
    return { status: 503, body: { error: { code: 'model_corrupted', message: 'the saved model failed its integrity check and is not served; restore another version (stockflow restore)' } } };
  }
  if (err.name === 'ModelNotFoundError') return { status: 404, body: { error: { code: 'model_not_found', message: err.message } } };
  // Never leak internals (paths, SQL) to a client; the log has them.
  return { status: 500, body: { error: { code: 'internal_error', message: `internal error while serving ${request.method} ${routeOf(request)} (see the API log, request ${request.id})` } } };
}

function validationMessage(err: FastifyError, request: FastifyRequest): string {
  const first = err.validation?.[0];
  const where = err.validationContext ?? 'request';
  if (!first) return err.message;
  const field = (first.instancePath || '').replace(/^\//, '').replace(/\//g, '.');
  if (where === 'params' && field === 'symbol') {
    const raw = (request.params as { symbol?: unknown } | undefined)?.symbol;
    const shown = typeof raw === 'string' ? (raw.length > 40 ? `${JSON.stringify(raw.slice(0, 40))}… (${raw.length} characters)` : JSON.stringify(raw)) : 'it';
    const hint = typeof raw === 'string' && raw !== raw.toUpperCase() && SYMBOL_PATTERN.test(raw.toUpperCase()) ? `; symbols are upper case: did you mean "${raw.toUpperCase()}"?` : '';
    return `path parameter symbol ${shown} is not ${SYMBOL_RULE}${hint}`;
  }
  if (first.keyword === 'additionalProperties') {
    const extra = (first.params as { additionalProperty?: string }).additionalProperty;
    return `unknown ${where === 'querystring' ? 'query parameter' : `${where} field`} "${extra}"`;
  }
  const name = field || (first.params as { missingProperty?: string }).missingProperty || where;
  return `${where === 'querystring' ? 'query parameter' : where} ${name} ${first.message ?? 'is invalid'}`;
}

function routeOf(request: FastifyRequest): string {
  return request.routeOptions?.url ?? request.url.split('?')[0];
}

function errorChain(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err; e && parts.length < 5; e = (e as { cause?: unknown }).cause) {
    parts.push(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
    if (!(e instanceof Error)) break;
  }
  return parts.join(' ← caused by ');
}
