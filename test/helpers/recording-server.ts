/**
 * A real local HTTP server that records every request and answers each with a status the test
 * can change at any time: a webhook receiver, or a stand-in for the prediction API.
 */
import http from 'node:http';

export interface RecordingServer<T = unknown> {
  /** Base URL, e.g. http://127.0.0.1:41234 (no path). */
  url: string;
  requests: Array<{ method: string; url: string; body: string }>;
  /** Every request body parsed as JSON (webhook payloads). */
  readonly bodies: T[];
  /** The status the next answers carry (default 200). */
  status: number;
  close(): Promise<void>;
}

/** `respond(status)` is the JSON body of each answer (default: none). */
export async function recordingServer<T = unknown>(respond?: (status: number) => unknown): Promise<RecordingServer<T>> {
  const requests: RecordingServer['requests'] = [];
  const state = { status: 200 };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', body });
      const answer = respond?.(state.status);
      res.writeHead(state.status, answer === undefined ? {} : { 'content-type': 'application/json' })
        .end(answer === undefined ? undefined : JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    requests,
    get bodies() {
      return requests.map((r) => JSON.parse(r.body) as T);
    },
    get status() {
      return state.status;
    },
    set status(value: number) {
      state.status = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
