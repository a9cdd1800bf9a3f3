/**
 * HTTP over a bare `node:net` socket, for requests no HTTP client would send (malformed request
 * lines, null bytes, 20 kB headers, CONNECT) and for checking what the server really wrote:
 * one request per connection, read until the server closes, then parsed (chunked bodies too).
 * Also the one check every error response must pass (`expectErrorShape`).
 */
import net from 'node:net';
import { expect } from 'vitest';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Everything the server wrote, as latin1 text. */
  raw: string;
}

/** Sends `data` (the whole request, as written) and reads the response until the connection closes. */
/**
 * Sends `data` on a fresh socket and parses what comes back. A connection reset before a single
 * byte arrived is transport, not an answer (a busy machine's loopback can reset a half-closed
 * socket before the server reads it): it is tried once more on a new socket.
 */
export async function rawRequest(port: number, data: string | Buffer): Promise<RawResponse> {
  try {
    return await rawRequestOnce(port, data);
  } catch (err) {
    if (!(err instanceof EmptyResponseError)) throw err;
    return rawRequestOnce(port, data);
  }
}

class EmptyResponseError extends Error {}

function rawRequestOnce(port: number, data: string | Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, '127.0.0.1', () => socket.end(data));
    socket.on('data', (c: Buffer) => chunks.push(c));
    // The server may close while we still write a huge request: what it answered still counts.
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') reject(err);
    });
    socket.on('close', () => {
      const raw = Buffer.concat(chunks);
      if (raw.length === 0) {
        reject(new EmptyResponseError(`no answer to ${JSON.stringify(String(data).slice(0, 80))}: the connection closed before any byte arrived`));
        return;
      }
      try {
        resolve(parseResponse(raw));
      } catch (err) {
        reject(new Error(`unparseable response to ${JSON.stringify(String(data).slice(0, 80))}: ${(err as Error).message}`));
      }
    });
  });
}

/** A request with the usual framing: `Host` and `Connection: close` added after the given headers. */
export function requestText(method: string, target: string, headers: Record<string, string> = {}, body = ''): string {
  const lines = [`${method} ${target} HTTP/1.1`, 'Host: 127.0.0.1', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), 'Connection: close'];
  if (body) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

export function parseResponse(raw: Buffer): RawResponse {
  const text = raw.toString('latin1');
  const headEnd = text.indexOf('\r\n\r\n');
  if (headEnd === -1) throw new Error(`no complete response head in ${raw.length} bytes: ${JSON.stringify(text.slice(0, 80))}`);
  const [statusLine, ...headerLines] = text.slice(0, headEnd).split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine!);
  if (!m) throw new Error(`bad status line ${JSON.stringify(statusLine)}`);
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  let bodyBytes = raw.subarray(Buffer.byteLength(text.slice(0, headEnd + 4), 'latin1'));
  if (headers['transfer-encoding'] === 'chunked') bodyBytes = dechunk(bodyBytes);
  return { status: Number(m[1]), headers, body: bodyBytes.toString('utf8'), raw: text };
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd === -1) break;
    const size = parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
    if (!size) break;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/** The API's one error shape: JSON `{ error: { code, message } }` and nothing else. Returns the error. */
export function expectErrorShape(res: { status: number; headers: Record<string, string | string[] | undefined>; body: string }, label = ''): { code: string; message: string } {
  expect(res.status, label).toBeGreaterThanOrEqual(400);
  expect(String(res.headers['content-type']), label).toMatch(/^application\/json/);
  const body = JSON.parse(res.body) as { error: { code: string; message: string } };
  expect(Object.keys(body), label).toEqual(['error']);
  expect(Object.keys(body.error).sort(), label).toEqual(['code', 'message']);
  expect(body.error.code, label).toMatch(/^[a-z][a-z0-9_]*$/);
  expect(typeof body.error.message, label).toBe('string');
  expect(body.error.message.length, label).toBeGreaterThan(10);
  return body.error;
}
