/**
 * Numeric query parameters are read strictly, before the JSON schema coerces them: ajv turns
 * "Infinity", "1e400", "0x10" and " 5" into numbers (and an infinite `limit` then slips past
 * `maximum`), so every `integer`/`number` property of a route's querystring schema must be
 * plain decimal digits, within the schema's minimum and maximum — else a 400 saying so.
 * One preValidation hook for all routes (a route added later is covered without asking).
 */
import type { FastifyRequest } from 'fastify';
import { ApiError, quoteInput } from './errors.js';

const INTEGER = /^-?\d{1,15}$/;
const DECIMAL = /^-?\d{1,15}(\.\d{1,15})?$/;

interface NumericProperty {
  type?: string | string[];
  minimum?: number;
  maximum?: number;
}

/** The preValidation hook: throws ApiError 400 naming the parameter, the rule and (cut) what was given. */
export async function strictQueryNumbers(request: FastifyRequest): Promise<void> {
  const schema = request.routeOptions.schema?.querystring as { properties?: Record<string, NumericProperty> } | undefined;
  if (!schema?.properties) return;
  const query = request.query as Record<string, unknown> | undefined;
  if (!query) return;
  for (const [name, property] of Object.entries(schema.properties)) {
    const types = Array.isArray(property.type) ? property.type : [property.type];
    const integer = types.includes('integer');
    if (!integer && !types.includes('number')) continue;
    const raw = query[name];
    if (raw === undefined) continue;
    const rule = describeRule(integer, property);
    if (typeof raw !== 'string') throw new ApiError(400, 'invalid_request', `query parameter ${name} is given more than once; give it once, as ${rule}`);
    const value = Number(raw);
    const plain = (integer ? INTEGER : DECIMAL).test(raw);
    if (!plain || (property.minimum !== undefined && value < property.minimum) || (property.maximum !== undefined && value > property.maximum)) {
      throw new ApiError(400, 'invalid_request', `query parameter ${name} must be ${rule}; got ${quoteInput(raw)}`);
    }
  }
}

function describeRule(integer: boolean, p: NumericProperty): string {
  const what = integer ? 'a whole number written in decimal digits' : 'a decimal number';
  if (p.minimum !== undefined && p.maximum !== undefined) return `${what} from ${p.minimum} to ${p.maximum}`;
  if (p.minimum !== undefined) return `${what} ≥ ${p.minimum}`;
  if (p.maximum !== undefined) return `${what} ≤ ${p.maximum}`;
  return what;
}
