/**
 * The shape of Yahoo's chart response, checked on the raw body before yahoo-finance2 reads it.
 * yahoo-finance2 fills gaps silently (a short `close` array becomes undefined closes, a missing
 * `adjclose` indicator becomes missing adjusted closes) or throws plain Errors; a change of
 * Yahoo's API must instead be one clearly named, permanent failure (`UnusableDataSourceError`, problem `format`).
 */

import { isTimeZone } from '../../common/time-zone.js';

/** Thrown by the fetch wrapper when a 2xx chart body is not what we read; mapped to `UnusableDataSourceError` (problem `format`). */
export class YahooSchemaProblem extends Error {
  constructor(readonly detail: string, readonly url: string) {
    super(`${detail} (${url})`);
    this.name = 'YahooSchemaProblem';
  }
}

const QUOTE_FIELDS = ['open', 'high', 'low', 'close', 'volume'] as const;

/** True for the chart endpoint, the only one whose body we check. */
export function isChartUrl(url: string): boolean {
  return /\/v8\/finance\/chart\//.test(url);
}

/**
 * What is wrong with a 2xx chart body, or `null` when it has the shape we read. A body that
 * carries `chart.error` is left to yahoo-finance2, which raises Yahoo's own description.
 */
export function chartBodyProblem(text: string, contentType: string | null): string | null {
  if (text.trim() === '') return 'an empty body';
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `a body that is not JSON (content-type ${contentType ?? 'absent'}, starting ${JSON.stringify(text.trim().slice(0, 40))})`;
  }
  const chart = field(body, 'chart');
  if (!isObject(chart)) return 'no "chart" object in the body';
  if (chart.error !== null && chart.error !== undefined) return null;

  const results = chart.result;
  if (!Array.isArray(results) || results.length === 0) return `chart.result is ${JSON.stringify(results ?? null)}, not a list with one result`;
  const result: unknown = results[0];
  if (!isObject(result)) return 'chart.result[0] is not an object';

  const meta = result.meta;
  if (!isObject(meta)) return 'chart.result[0].meta is missing';
  const tz = meta.exchangeTimezoneName;
  if (tz !== undefined && (typeof tz !== 'string' || !isTimeZone(tz))) {
    return `meta.exchangeTimezoneName ${JSON.stringify(tz)} is not a time zone, so the session dates cannot be known`;
  }

  const quotes = field(result.indicators, 'quote');
  if (!Array.isArray(quotes) || !isObject(quotes[0])) return 'chart.result[0].indicators.quote is missing';
  const quote = quotes[0];

  const timestamps = result.timestamp;
  if (timestamps === undefined) {
    // Yahoo's answer for a window without sessions: no timestamps and `quote: [{}]`.
    return Object.keys(quote).length === 0 ? null : 'chart.result[0].timestamp is missing while quote arrays are present';
  }
  if (!Array.isArray(timestamps) || !timestamps.every((t) => typeof t === 'number' && Number.isFinite(t))) {
    return 'chart.result[0].timestamp is not a list of numbers';
  }
  const n = timestamps.length;
  for (const name of QUOTE_FIELDS) {
    const problem = arrayProblem(quote[name], n, `indicators.quote[0].${name}`);
    if (problem) return problem;
  }
  const adjclose = field(field(result.indicators, 'adjclose'), 0);
  if (n > 0 && !isObject(adjclose)) return 'the adjclose indicator (indicators.adjclose[0].adjclose) is missing';
  return n > 0 ? arrayProblem(field(adjclose, 'adjclose'), n, 'indicators.adjclose[0].adjclose') : null;
}

function arrayProblem(values: unknown, n: number, where: string): string | null {
  if (!Array.isArray(values)) return `${where} is missing`;
  if (values.length !== n) return `${where} has ${values.length} entries for ${n} timestamps`;
  const bad = values.findIndex((v) => v !== null && typeof v !== 'number');
  return bad === -1 ? null : `${where}[${bad}] is ${JSON.stringify(values[bad])}, not a number or null`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function field(v: unknown, key: string | number): unknown {
  if (Array.isArray(v) && typeof key === 'number') return v[key];
  return isObject(v) ? v[key] : undefined;
}
