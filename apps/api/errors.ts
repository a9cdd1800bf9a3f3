/**
 * The API's one error shape, `{ error: { code, message } }`, produced by one error handler:
 * route code throws ApiError; schema validation, unknown routes, wrong methods, fastify's own
 * errors (bad percent-encoding, over-long parameters — via `frameworkErrors`) and unexpected
 * exceptions all end up here, so a client can rely on the shape for every status. (Errors
 * Node's HTTP parser finds before fastify runs are answered in client-errors.ts, same shape.)
 *
 * Input is echoed back at most ECHO_LIMIT characters (quoteInput): a 20 kB path must not come
 * back in the body. Every 5xx is logged with its stack and its causes' stacks.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { type ErrorKind, StockflowError } from '../../common/errors.js';
import type { ApiLogger } from './types.js';

export interface ErrorBody {
  error: { code: string; message: string };
}

export class ApiError extends Error {
  /** A 405's `Allow` header (default "GET, HEAD": every route but the actions is read-only). */
  readonly allow?: string;
  constructor(readonly statusCode: number, readonly code: string, message: string, options?: { cause?: unknown; allow?: string }) {
    super(message, options);
    this.name = 'ApiError';
    if (options?.allow) this.allow = options.allow;
  }
}

export const CODE_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  408: 'request_timeout',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
  431: 'headers_too_large',
  503: 'unavailable',
};

/** The HTTP status of each domain error kind (the one mapping; see common/errors.ts). */
export const HTTP_STATUS_BY_KIND: Readonly<Record<ErrorKind, number>> = {
  invalid: 400,
  'not-found': 404,
  permanent: 500,
  unavailable: 503,
};

/** What a client is told about a domain error its request met; the log has the full message. */
const CLIENT_ADVICE: Partial<Record<string, string>> = {
  ModelIntegrityError: 'the saved model failed its integrity check and is not served; restore another version (stockflow restore)',
};

/** The most characters of client input an error message repeats. */
export const ECHO_LIMIT = 60;

/** Client input for a message: JSON-quoted, cut to `max` characters with its full length said. */
export function quoteInput(value: string, max = ECHO_LIMIT): string {
  return value.length > max ? `${JSON.stringify(value.slice(0, max))}… (${value.length} characters)` : JSON.stringify(value);
}

/** Turns any error into the stable shape; the fastify error handler (and `frameworkErrors`). */
export function makeErrorHandler(logger: ApiLogger) {
  return function errorHandler(err: FastifyError | ApiError | Error, request: FastifyRequest, reply: FastifyReply) {
    const { status, body } = describeError(err, request);
    if (status >= 500) logger.error(`${request.method} ${quoteInput(request.url, 200)} → ${status} (request ${request.id}): ${errorStack(err)}`);
    if (status === 405) reply.header('allow', (err instanceof ApiError && err.allow) || 'GET, HEAD');
    return reply.code(status).type('application/json; charset=utf-8').send(body);
  };
}

function describeError(err: FastifyError | ApiError | Error, request: FastifyRequest): { status: number; body: ErrorBody } {
  const body = (code: string, message: string): ErrorBody => ({ error: { code, message } });
  if (err instanceof ApiError) return { status: err.statusCode, body: body(err.code, err.message) };
  const fe = err as FastifyError;
  if (fe.validation) return { status: 400, body: body('invalid_request', validationMessage(fe)) };
  const path = request.url.split('?')[0] ?? '';
  if (fe.code === 'FST_ERR_BAD_URL') {
    return { status: 400, body: body('invalid_path', `the path ${quoteInput(path)} is not valid percent-encoding (each "%" must start a UTF-8 byte written as two hex digits)`) };
  }
  if (fe.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return { status: 414, body: body('uri_too_long', `the path is ${path.length} characters; a path parameter may have at most 1000 (a symbol has at most 15)`) };
  }
  const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500;
  if (status >= 400 && status < 500) {
    // Fastify's own 4xx messages may quote a header or body: cut them like any input.
    const message = fe.message.length > 100 ? `${fe.message.slice(0, 100)}…` : fe.message;
    return { status, body: body(CODE_BY_STATUS[status] ?? `http_${status}`, message) };
  }
  if (err instanceof StockflowError) return describeDomainError(err, request);
  // Never leak internals (paths, SQL) to a client; the log has them.
  return { status: 500, body: body('internal_error', `internal error while serving ${request.method} ${routeOf(request)} (see the API log, request ${request.id})`) };
}

/**
 * A domain error by its kind: invalid and not-found repeat the error's message (it names the
 * input); permanent and unavailable ones may name paths or SQL, so the client gets their kind
 * (and, for a damaged model, what to do) and the log the rest.
 */
export function describeDomainError(err: StockflowError, request: Pick<FastifyRequest, 'method' | 'url' | 'id' | 'routeOptions'>): { status: number; body: ErrorBody } {
  const status = HTTP_STATUS_BY_KIND[err.kind];
  const code = err.name.replace(/Error$/, '').replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  if (err.kind === 'invalid' || err.kind === 'not-found') return { status, body: { error: { code, message: err.message } } };
  const what = err.kind === 'unavailable' ? 'a service it needs is unavailable; try again later' : 'it failed permanently';
  const message = CLIENT_ADVICE[err.name] ?? `${request.method} ${routeOf(request as FastifyRequest)}: ${what} (see the API log, request ${request.id})`;
  return { status, body: { error: { code, message } } };
}

/**
 * A failed zod validation as one sentence naming the parameter: the schemas' own messages
 * (schemas/request.ts) say the rule and quote what was given, cut by quoteInput.
 */
function validationMessage(err: FastifyError): string {
  const first = err.validation?.[0];
  const where = err.validationContext ?? 'request';
  if (!first) return err.message;
  const kind = where === 'querystring' ? 'query parameter' : where === 'params' ? 'path parameter' : where;
  if (first.keyword === 'unrecognized_keys') {
    const keys = (first.params as { keys?: string[] }).keys ?? [];
    return `unknown ${kind}${keys.length > 1 ? 's' : ''} ${keys.slice(0, 3).map((k) => quoteInput(k)).join(', ')}`;
  }
  const name = first.instancePath.replace(/^\//, '').replace(/\//g, '.') || where;
  const message = first.message ?? 'is invalid';
  // Our schemas' messages continue the sentence ("is not …", "must be …"); zod's own start a new one.
  return /^[A-Z]/.test(message) ? `${kind} ${name} is not valid: ${message.charAt(0).toLowerCase()}${message.slice(1)}` : `${kind} ${name} ${message}`;
}

function routeOf(request: FastifyRequest): string {
  return request.routeOptions?.url ?? quoteInput(request.url.split('?')[0] ?? '');
}

/** The error's stack and its causes' stacks, for the log (never for a client). */
export function errorStack(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err; e && parts.length < 5; e = (e as { cause?: unknown }).cause) {
    parts.push(e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e));
    if (!(e instanceof Error)) break;
  }
  return parts.join('\n  caused by: ');
}
