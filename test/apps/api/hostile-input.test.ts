/**
 * Issue 11's hostile-input test: a generated corpus of more than 1,000 requests (hostile-corpus.ts)
 * sent over real sockets to the real HTTP server (startApiServer), keep-alive and at most 8 at a
 * time. Asserts: no response ≥ 500; every error response is the one shape
 * `{ error: { code, message } }`; no response repeats more than 100 characters of its input;
 * the server still answers afterwards. Failures are collected and reported together.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../../../apps/api/index.js';
import { addDays } from '../../../common/iso-date.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { buildFixture, fixtureConfig } from './fixture.js';
import { hostileCorpus, type HostileRequest } from './hostile-corpus.js';
import { rawRequest } from './raw-http.js';

const CONCURRENCY = 8;
/** Longest run of input characters a response may repeat. */
const ECHO_MAX = 100;

let server: ApiServer;
let port: number;
let corpus: HostileRequest[];

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

beforeAll(async () => {
  const dataDir = tempDir('stockflow-api-hostile-');
  const fx = await buildFixture(dataDir);
  const lastBar = (await fx.priceCache.read('SPY')).at(-1)!.date;
  fx.history.close();
  const config = fixtureConfig(dataDir);
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
  server = await startApiServer(config, { host: '127.0.0.1', port: 0, processMetrics: false, scheduleInfo: async () => [], logger: quiet });
  port = Number(new URL(server.url).port);
  corpus = hostileCorpus(lastBar, addDays(lastBar, 1));
});
afterAll(() => server?.close());

/**
 * The request as node:http sends it; a socket when node:http refuses (invalid characters). A
 * kept-alive connection the server closed as idle just as it was reused is retried once on a
 * new connection (what HTTP clients do for idempotent requests; see `req.reusedSocket`).
 */
function send(agent: http.Agent | false, r: HostileRequest): Promise<Answer> {
  if (r.raw !== undefined) return rawRequest(port, r.raw);
  return new Promise<Answer>((resolve, reject) => {
    let req: http.ClientRequest;
    try {
      req = http.request({ host: '127.0.0.1', port, method: r.method, path: r.target, headers: r.headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
    } catch {
      resolve(rawRequest(port, asRawBytes(r)));
      return;
    }
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (req.reusedSocket && err.code === 'ECONNRESET') resolve(send(false, r));
      else reject(err);
    });
    req.end(r.body);
  });
}

function asRawBytes(r: HostileRequest): Buffer {
  const body = r.body ?? '';
  const headers = Object.entries(r.headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  const length = body ? `Content-Length: ${Buffer.byteLength(body)}\r\n` : '';
  return Buffer.from(`${r.method} ${r.target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${headers}${length}\r\n${body}`, 'utf8');
}

/** Every 101-character window of the input (and of its percent-decoded form), 10 apart. */
function echoProbes(inputs: string[]): string[] {
  const probes = new Set<string>();
  for (const input of inputs) {
    let decoded = input;
    try {
      decoded = decodeURIComponent(input);
    } catch {
      // not decodable: the raw form is probed
    }
    for (const s of new Set([input, decoded])) {
      for (let i = 0; i + ECHO_MAX + 1 <= s.length; i += 10) probes.add(s.slice(i, i + ECHO_MAX + 1));
    }
  }
  return [...probes];
}

/** What is wrong with one answer (empty: nothing). */
function problems(r: HostileRequest, a: Answer): string[] {
  const found: string[] = [];
  if (a.status >= 500 || a.status < 100) found.push(`status ${a.status}`);
  if (a.status >= 400 && r.method !== 'HEAD') {
    if (!String(a.headers['content-type']).startsWith('application/json')) found.push(`content-type ${String(a.headers['content-type'])}`);
    try {
      const body = JSON.parse(a.body) as { error?: { code?: unknown; message?: unknown } };
      const shapeOk = Object.keys(body).join() === 'error' && body.error !== undefined
        && Object.keys(body.error).sort().join() === 'code,message' && typeof body.error.code === 'string' && typeof body.error.message === 'string';
      if (!shapeOk) found.push(`error shape ${a.body.slice(0, 120)}`);
    } catch {
      found.push(`error body is not JSON: ${JSON.stringify(a.body.slice(0, 120))}`);
    }
  }
  const said = `${Object.values(a.headers).join('\n')}\n${a.body}`;
  const echoed = echoProbes(r.inputs).find((p) => said.includes(p));
  if (echoed) found.push(`echoes ${ECHO_MAX}+ characters of the input: ${JSON.stringify(echoed.slice(0, 40))}…`);
  return found;
}

describe('hostile input over real sockets', () => {
  it('answers a corpus of >1,000 hostile requests with no 5xx, one error shape and no long echo', async () => {
    expect(corpus.length).toBeGreaterThanOrEqual(1000);
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    const worker = async () => {
      while (next < corpus.length) {
        const r = corpus[next++];
        const what = `${r?.label}: ${r?.method} ${JSON.stringify((r?.target || String(r?.raw)).slice(0, 80))}`;
        let answer: Answer;
        try {
          answer = await send(agent, r!);
        } catch (err) {
          failures.push(`${what} → no answer: ${(err as Error).message}`);
          continue;
        }
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        for (const p of problems(r!, answer)) failures.push(`${what} → ${answer.status}: ${p}`);
      }
    };
    try {
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    } finally {
      agent.destroy();
    }
    expect(failures.slice(0, 20)).toEqual([]);
    // The corpus reached every kind of answer it was built to provoke, not only one refusal.
    for (const status of [200, 400, 404, 405, 414, 422, 431]) expect(statuses.get(status) ?? 0, `answers with ${status}`).toBeGreaterThan(0);
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
  });
});
