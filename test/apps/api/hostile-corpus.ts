/**
 * A generated corpus of hostile HTTP requests for the API (issue 11's hostile-input test):
 * path traversal in every spelling, broken and overlong percent-encodings, unicode and null
 * bytes, overlong paths, query strings and headers, numeric edge cases for `limit`, impossible
 * and out-of-range dates for `asOf`, wrong methods, bad bodies, and malformed request lines.
 * Deterministic: the same list every run. A `raw` request is written to a socket as is; the
 * others go through node:http (falling back to a socket when node:http refuses to send them).
 */

export interface HostileRequest {
  label: string;
  method: string;
  /** The request target exactly as sent. */
  target: string;
  headers: Record<string, string>;
  body?: string;
  /** Bytes written to a bare socket instead (malformed framing). */
  raw?: string | Buffer;
  /** Client input a response must not echo at length (target, header values, body). */
  inputs: string[];
}

const long = (n: number, c = 'A') => c.repeat(n);

/** Path segments an attacker or a broken client sends where a symbol or file name goes. */
export const HOSTILE_SEGMENTS: readonly string[] = [
  '..', '../..', '../../etc/passwd', '..%2F..%2Fetc%2Fpasswd', '..%2f', '%2e%2e', '%2E%2E%2F%2E%2E', '%252e%252e%252f',
  '..%5c..%5cwindows', '..\\..\\windows', '%c0%ae%c0%ae/', '%C0%AF', '....//....//', '.%2e/', '%2e./', '.', '~root', '//etc',
  '%FF', '%E0%A4%A', '%', '%%', '%zz', '%0', '%00', 'A%00B', '%0d%0aSet-Cookie:%20x=1', '%20', '+', '%2B',
  '%C3%A9', '%F0%9F%98%80', '%E2%80%AE', '%EF%BB%BF', '%ED%A0%80', 'caf\u00e9', '\u00ff\u00fe',
  '<script>alert(1)<%2Fscript>', "'%3BDROP%20TABLE--", '%24%7Bjndi:ldap:%2F%2Fx%7D', '%7B%7B7*7%7D%7D', 'CON', 'nul', '*', ';x=1',
  'spy', 'SPY', 'BRK.B', '%5EGSPC', 'EURUSD%3DX', 'ZZZZ', long(15), long(16), long(999), long(1000), long(1001), long(5000), long(9000),
  '%41'.repeat(3000),
];

const LIMITS: readonly string[] = [
  'Infinity', '-Infinity', '1e400', '1e3', '1.5', '0', '-0', '-1', 'abc', '', '%20', '%205', '0x10', '+5', '05', '5001', '4999',
  '9007199254740993', 'NaN', 'null', 'true', '[]', '1,2', '%EF%BC%91', '%D9%A3', '%00', '1%00', long(200, '9'), '1&limit=2',
];

export function asOfValues(lastBar: string, dayAfter: string): string[] {
  return [
    '2025-02-31', '2023-02-29', '2025-13-01', '0000-01-01', '2025-00-10', '2025-04-31', '9999-12-31', dayAfter, lastBar, '2024-02-29',
    '1900-01-02', '2025-1-1', '20250331', '2025-03-31T00:00:00Z', '', '%20', 'yesterday', '%00', '2025-03-31%00', '-2025-01-01',
    '+002025-01-01', '2025-03-31'.repeat(50), '%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%95-03-31', '2025-03-31&asOf=2025-03-30',
  ];
}

const EXTRA_QUERIES: readonly string[] = [
  'debug=1', `${long(5000, 'k')}=1`, 'a[b]=1', '__proto__=1', 'constructor[prototype]=1', 'limit', 'limit=', '=1', '&&&', '%FF=1',
  'limit=%FF', '%00=1', 'x=%0d%0a', `v=${long(100, 'v')}`,
];

const DATA_ROUTES = ['/models/SPY', '/models/SPY/forecasts', '/models/MSFT', '/models', '/predict/SPY', '/health', '/metrics', '/', '/assets/dashboard.js'];
const METHODS = ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'HEAD', 'GET', 'PROPFIND', 'SEARCH'];
const BODIES = ['{', '{"symbol":', 'null', '[]', '\u0000', '{"__proto__":{"polluted":1}}', '<xml/>', long(100_000, 'b')];
const CONTENT_TYPES = ['application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'garbage', ''];

function request(label: string, method: string, target: string, headers: Record<string, string> = {}, body?: string): HostileRequest {
  return { label, method, target, headers, body, inputs: [target, ...Object.values(headers), ...(body ? [body] : [])] };
}

function raw(label: string, data: string | Buffer): HostileRequest {
  const text = typeof data === 'string' ? data : data.toString('latin1');
  return { label, method: '(raw)', target: '', headers: {}, raw: data, inputs: [text] };
}

/** Malformed or unusual framing, written byte for byte. */
function rawRequests(): HostileRequest[] {
  const ok = 'Host: x\r\nConnection: close\r\n';
  const lines = [
    'GARBAGE\r\n\r\n', 'GET\r\n\r\n', 'GET /\r\n\r\n', `GET /health HTTP/9.9\r\n${ok}\r\n`, `GET  /health HTTP/1.1\r\n${ok}\r\n`,
    `get /health HTTP/1.1\r\n${ok}\r\n`, ` /health HTTP/1.1\r\n${ok}\r\n`, `GET /health HTTP/1.1 extra\r\n${ok}\r\n`, `\r\n\r\nGET /health HTTP/1.1\r\n${ok}\r\n`,
    'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', `GET /health HTTP/1.1\r\nHost: x\r\n`, `GET /health HTTP/1.1\nHost: x\nConnection: close\n\n`,
    `GET /health HTTP/1.1\r\n${ok} folded\r\n\r\n`, `GET http://evil.example/predict/SPY HTTP/1.1\r\n${ok}\r\n`, `GET * HTTP/1.1\r\n${ok}\r\n`,
    'CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n', `GET /health HTTP/1.1\r\n${ok}Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello`,
    `GET /health HTTP/1.1\r\n${ok}Content-Length: abc\r\n\r\n`, `GET /health HTTP/1.1\r\n${ok}Content-Length: -1\r\n\r\n`,
    `POST /predict/SPY HTTP/1.1\r\n${ok}Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n`,
    `POST /predict/SPY HTTP/1.1\r\n${ok}Transfer-Encoding: xchunked\r\n\r\n`, `POST /predict/SPY HTTP/1.1\r\n${ok}Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n`,
    `GET /predict/A\0B HTTP/1.1\r\n${ok}\r\n`, `GET /predict/SPY HTTP/1.1\r\n${ok}X-Null: a\0b\r\n\r\n`, `GET /predict/SPY HTTP/1.1\r\n${ok}Bad Header: y\r\n\r\n`,
    `GET /predict/SPY HTTP/1.1\r\n${ok}: novalue\r\n\r\n`, `GET /health HTTP/1.1\r\nConnection: close\r\n\r\n`, `GET /health HTTP/1.0\r\n\r\n`,
    `GET /models/${long(20_000)} HTTP/1.1\r\n${ok}\r\n`, `GET /health?${long(20_000, 'q')}=1 HTTP/1.1\r\n${ok}\r\n`,
    `GET /health HTTP/1.1\r\n${ok}X-Big: ${long(20_000, 'h')}\r\n\r\n`, `GET /health HTTP/1.1\r\n${ok}${Array.from({ length: 1500 }, (_, i) => `X-H${i}: ${i}\r\n`).join('')}\r\n`,
    `GET /predict/${'\u00e9'} HTTP/1.1\r\n${ok}\r\n`, `BREW /coffee HTTP/1.1\r\n${ok}\r\n`, `GET /predict/SPY HTTP/1.1\r\n${ok}Upgrade: websocket\r\nConnection: Upgrade\r\n\r\n`,
  ];
  const out = lines.map((l, i) => raw(`raw line ${i}`, l));
  out.push(raw('utf-8 bytes in the path', Buffer.concat([Buffer.from('GET /predict/'), Buffer.from('\u{1F600}\u4e2d', 'utf8'), Buffer.from(` HTTP/1.1\r\n${ok}\r\n`)])));
  out.push(raw('TLS ClientHello on the HTTP port', Buffer.from([0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01, 0x00])));
  out.push(raw('binary noise', Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 37) % 256))));
  return out;
}

/** The whole corpus; `lastBar` is the last cached session of SPY, `dayAfter` the day after it. */
export function hostileCorpus(lastBar: string, dayAfter: string): HostileRequest[] {
  const out: HostileRequest[] = [];
  for (const base of ['/predict/', '/models/', '/assets/', '/', '/health/', '/metrics/', '/dashboard/']) {
    for (const seg of HOSTILE_SEGMENTS) out.push(request(`path ${base}…`, 'GET', `${base}${seg}`));
  }
  for (const seg of HOSTILE_SEGMENTS) {
    out.push(request('path /models/…/forecasts', 'GET', `/models/${seg}/forecasts`));
    // Another method on a hostile path: the 405 check must not trip over it either.
    for (const method of ['POST', 'DELETE']) out.push(request(`${method} /predict/…`, method, `/predict/${seg}`));
  }
  for (const route of DATA_ROUTES) {
    for (const limit of LIMITS) out.push(request(`limit on ${route}`, 'GET', `${route}?limit=${limit}`));
    for (const q of EXTRA_QUERIES) out.push(request(`query on ${route}`, 'GET', `${route}?${q}`));
  }
  for (const symbol of ['SPY', 'AAPL', 'MSFT', 'ZZZZ']) {
    for (const asOf of asOfValues(lastBar, dayAfter)) out.push(request(`asOf on /predict/${symbol}`, 'GET', `/predict/${symbol}?asOf=${asOf}`));
  }
  for (const route of [...DATA_ROUTES, '/nope', '/predict/..%2F']) {
    for (const method of METHODS) out.push(request(`${method} ${route}`, method, route));
  }
  for (const route of ['/predict/SPY', '/models', '/nope']) {
    for (const method of ['POST', 'PUT', 'PATCH']) {
      for (const body of BODIES) {
        for (const type of CONTENT_TYPES) out.push(request(`${method} body to ${route}`, method, route, type ? { 'content-type': type } : {}, body));
      }
    }
  }
  for (const body of BODIES) out.push(request('GET with a body', 'GET', '/predict/SPY', { 'content-type': 'application/json' }, body));
  const headerCases: Array<Record<string, string>> = [
    { authorization: 'Bearer' }, { authorization: `Bearer ${long(5000, 't')}` }, { authorization: 'Basic %%%' }, { authorization: 'Bearer \u00ff\u00fe' },
    { host: '' }, { host: 'evil.example' }, { host: long(1000, 'h') }, { accept: long(8000, 'a') }, { accept: 'application/xml' },
    { 'accept-version': '9.9.9' }, { 'accept-encoding': 'gzip;q=1e400' }, { cookie: long(12_000, 'c') }, { 'x-forwarded-for': '127.0.0.1, ::1, ../..' },
    { 'content-length': '0' }, { 'content-type': long(3000, 'x') }, { expect: '100-continue' }, { range: 'bytes=0-1,999999999-' },
    { 'if-none-match': long(2000, 'e') }, { 'x-\u00e9': 'v' }, { 'x-ok': 'caf\u00e9' }, { 'x-ok': 'a\u{1F600}b' }, { 'x-ok': 'a\r\nx-injected: 1' },
  ];
  for (const headers of headerCases) {
    for (const route of ['/predict/SPY', '/models/SPY', '/health', '/nope']) out.push(request('header', 'GET', route, headers));
  }
  out.push(...rawRequests());
  return out;
}
