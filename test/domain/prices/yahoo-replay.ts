/**
 * Replays yahoo-finance2's recorded HTTP fixtures through an injected fetch. A fixture is
 * `{ request: { url }, response: { status, statusText, headers, bodyJson | body } }`
 * (header values are strings in newer recordings, one-element arrays in older ones).
 */

import { readFileSync } from 'node:fs';

interface Fixture {
  request: { url: string };
  response: {
    status: number;
    statusText: string;
    headers: Record<string, string | string[]>;
    bodyJson?: unknown;
    body?: string;
  };
}

export interface ReplayFetch {
  (input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /** URLs requested so far. */
  calls: URL[];
}

/** A fetch that answers requests for the fixture's endpoint path with the recorded response. */
export function replayFetch(fixtureFile: string): ReplayFetch {
  const fixture = JSON.parse(readFileSync(fixtureFile, 'utf8')) as Fixture;
  const recordedPath = new URL(fixture.request.url).pathname;
  const calls: URL[] = [];
  const fn = async (input: string | URL | Request) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    calls.push(url);
    if (url.pathname !== recordedPath) {
      throw new Error(`replayFetch: unexpected request ${url.pathname}, fixture has ${recordedPath}`);
    }
    return toResponse(fixture.response);
  };
  return Object.assign(fn, { calls });
}

/** The recorded request's URL, e.g. to compare period1/period2 with ours. */
export function recordedUrl(fixtureFile: string): URL {
  return new URL((JSON.parse(readFileSync(fixtureFile, 'utf8')) as Fixture).request.url);
}

/** A fetch answering every request with one status and JSON body. */
export function statusFetch(status: number, body: unknown = {}, statusText = ''): ReplayFetch {
  const calls: URL[] = [];
  const fn = async (input: string | URL | Request) => {
    calls.push(new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url));
    return new Response(JSON.stringify(body), { status, statusText, headers: { 'content-type': 'application/json' } });
  };
  return Object.assign(fn, { calls });
}

/**
 * A fetch answering the n-th request with the n-th response (the last one again after that);
 * each entry builds a fresh Response, as a body can be read only once.
 */
export function sequenceFetch(...responses: Array<() => Response>): ReplayFetch {
  const calls: URL[] = [];
  const fn = async (input: string | URL | Request) => {
    calls.push(new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url));
    const respond = responses[Math.min(calls.length, responses.length) - 1];
    if (!respond) throw new Error('sequenceFetch needs at least one response');
    return respond();
  };
  return Object.assign(fn, { calls });
}

/** A JSON response with status 200. */
export const jsonResponse = (body: unknown) => () =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });

function toResponse(r: Fixture['response']): Response {
  const headers = new Headers();
  for (const [k, v] of Object.entries(r.headers)) {
    // Replaying recorded cookies would only fill yahoo-finance2's shared cookie jar.
    if (k.toLowerCase() === 'set-cookie' || k.toLowerCase() === 'content-encoding' || k.toLowerCase() === 'content-length') continue;
    for (const value of Array.isArray(v) ? v : [v]) headers.append(k, value);
  }
  const body = r.bodyJson !== undefined ? JSON.stringify(r.bodyJson) : (r.body ?? '');
  return new Response(body, { status: r.status, statusText: r.statusText, headers });
}
