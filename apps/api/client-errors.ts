/**
 * Answers for requests Node's HTTP parser refuses before fastify sees them — a malformed
 * request line, a bad header, headers over Node's limit (16 kB), an invalid Content-Length —
 * and for CONNECT, which Node hands to a separate event: a real HTTP response with the API's
 * one error shape (`{ error: { code, message } }`), never an echo of the input, then close.
 */
import http from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { CODE_BY_STATUS, type ErrorBody } from './errors.js';

/** A request line longer than this (with no line end within it) is "URI too long", not "headers too large". */
const MAX_REQUEST_LINE = 8 * 1024;

interface ParserError extends Error {
  code?: string;
  /** llhttp's description, e.g. "Invalid method encountered". */
  reason?: string;
  /** What the parser had buffered, from the request's first byte (a Buffer at run time). */
  rawPacket?: unknown;
}

/** Writes `status` with the error shape on a raw socket and closes it. */
export function writeRawError(socket: Duplex, status: number, code: string, message: string, extraHeaders: Record<string, string> = {}): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify({ error: { code, message } } satisfies ErrorBody);
  const headers = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    connection: 'close',
    ...extraHeaders,
  };
  const head = `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Error'}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
  socket.end(head + body);
}

/** Fastify's `clientErrorHandler`: the parser's error, answered in the one shape. */
export function clientErrorHandler(err: ParserError, socket: Socket): void {
  // A reset connection has nobody to answer.
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  // The request line and headers were fine and its answer is on its way (e.g. a 405 for a POST
  // whose chunked body then turns out malformed): let that answer finish, then close — a second
  // response, or closing now, would cut the first one short.
  const inFlight = (socket as Socket & { _httpMessage?: http.ServerResponse })._httpMessage;
  if (inFlight) {
    if (inFlight.writableFinished) socket.end();
    else inFlight.once('finish', () => socket.end());
    return;
  }
  const { status, message } = describeClientError(err);
  writeRawError(socket, status, CODE_BY_STATUS[status] ?? 'bad_request', message);
}

export function describeClientError(err: ParserError): { status: number; message: string } {
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') return { status: 408, message: 'the request was not received in time' };
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    const lineEnd = Buffer.isBuffer(err.rawPacket) ? err.rawPacket.indexOf('\r\n') : 0;
    if (lineEnd === -1 || lineEnd > MAX_REQUEST_LINE) {
      return { status: 414, message: `the request line is longer than ${MAX_REQUEST_LINE / 1024} kB; a stockflow URL is short (e.g. GET /predict/AAPL)` };
    }
    return { status: 431, message: `the request line and headers exceed the server's limit of ${Math.round(http.maxHeaderSize / 1024)} kB` };
  }
  const why = err.reason ?? err.message;
  return { status: 400, message: `malformed HTTP request: ${why}${err.code ? ` (${err.code})` : ''}` };
}

/** The server's `connect` event: this API is no proxy. */
export function refuseConnect(_request: http.IncomingMessage, socket: Duplex): void {
  writeRawError(socket, 405, 'method_not_allowed', 'CONNECT is not supported: this is an HTTP API, not a proxy; use GET', { allow: 'GET, HEAD' });
}
