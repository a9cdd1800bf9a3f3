/**
 * The API's default logger: plain lines on stdout (info) and stderr (warn, error), each
 * prefixed "stockflow api:". It is the default wherever the API runs — `npm start`'s stack,
 * api/main.ts, tests — so a 500 whose body says "see the API log" is always in a log.
 * Fastify's own pino logger stays off (hot path); the error handler logs 5xx with stacks here.
 */
import type { ApiLogger } from './types.js';

export interface LogStreams {
  out: { write(line: string): unknown };
  err: { write(line: string): unknown };
}

/** A logger writing one line per message to the given streams (default: the process's). */
export function streamLogger(streams: LogStreams = { out: process.stdout, err: process.stderr }, prefix = 'stockflow api: '): ApiLogger {
  return {
    info: (m) => { streams.out.write(`${prefix}${m}\n`); },
    warn: (m) => { streams.err.write(`${prefix}${m}\n`); },
    error: (m) => { streams.err.write(`${prefix}${m}\n`); },
  };
}
