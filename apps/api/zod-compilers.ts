/**
 * How fastify uses the routes' zod schemas: requests are validated by zod itself (its
 * transforms read `nvda` as `NVDA` and digits as numbers; fastify-type-provider-zod's
 * validatorCompiler, with each route's path-parameter and query-string results kept per
 * input), responses are serialised by fast-json-stringify from the JSON Schema zod
 * generates (converted and compiled once per route and status) — several times faster than
 * zod-parse-then-JSON.stringify, and fields outside the schema never leak. Loose objects
 * (`z.looseObject`) and open records serialise their extra fields too.
 */
import fastJson from 'fast-json-stringify';
import type { FastifySchemaCompiler, FastifySerializerCompiler } from 'fastify';
import { validatorCompiler as zodValidatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** How many validated path-parameter or query-string inputs a route keeps (then it starts again). */
export const KEPT_INPUTS_PER_ROUTE = 1000;

type Validation = { value: unknown } | { error: Error };

/**
 * Requests are validated by zod; a route's path parameters and query string, which repeat
 * (`/predict/NVDA` with no query, thousands of times a second), keep the result zod gave for
 * each input they have seen — a repeated input is one map lookup instead of a zod parse
 * (bench:api). Kept only when the input is a plain object of strings and the result a plain
 * object of primitives (a fresh copy is handed out each time); refusals are never kept, so
 * every 400 is zod's own. This relies on the request schemas (schemas/request.ts) being
 * functions of their input alone — transforms, refinements and defaults that do not read the
 * clock or any state — which they are. Bodies (the actions) are always parsed.
 */
export const validatorCompiler: FastifySchemaCompiler<z.ZodType> = (route) => {
  const validate = zodValidatorCompiler(route) as (data: unknown) => Validation;
  if (route.httpPart !== 'params' && route.httpPart !== 'querystring') return validate;
  const kept = new Map<string, Record<string, unknown>>();
  return (data: unknown): Validation => {
    const key = inputKey(data);
    if (key === undefined) return validate(data);
    const hit = kept.get(key);
    if (hit) return { value: { ...hit } };
    const result = validate(data);
    if ('value' in result && isPlainRecordOf(result.value, isPrimitive)) {
      if (kept.size >= KEPT_INPUTS_PER_ROUTE) kept.clear();
      kept.set(key, { ...result.value });
    }
    return result;
  };
};

/** An unambiguous key for a plain object of strings (each name and value length-prefixed), else undefined. One pass: it runs per request. */
function inputKey(data: unknown): string | undefined {
  if (data === null || typeof data !== 'object' || !isPlainPrototype(Object.getPrototypeOf(data))) return undefined;
  let key = '';
  for (const name in data) {
    const value = (data as Record<string, unknown>)[name];
    if (typeof value !== 'string' || !Object.hasOwn(data, name)) return undefined;
    key += `${name.length}:${name}${value.length}:${value}`;
  }
  return key;
}

function isPlainRecordOf<T>(x: unknown, isValue: (v: unknown) => v is T): x is Record<string, T> {
  if (x === null || typeof x !== 'object' || !isPlainPrototype(Object.getPrototypeOf(x))) return false;
  for (const name in x) {
    if (!Object.hasOwn(x, name) || !isValue((x as Record<string, unknown>)[name])) return false;
  }
  return true;
}

/** Prototypes seen to be empty objects without a prototype (find-my-way's params, fast-querystring's query). */
const emptyNullPrototypes = new WeakSet<object>();
/** The one most recently seen (fastify's params all share one): checked before the set. */
let lastEmptyNullPrototype: object | undefined;

/** Object.prototype, none, or an empty object without a prototype: what fastify's params and query objects have. */
function isPlainPrototype(proto: unknown): boolean {
  if (proto === Object.prototype || proto === null || proto === lastEmptyNullPrototype) return true;
  if (typeof proto !== 'object') return false;
  if (emptyNullPrototypes.has(proto)) {
    lastEmptyNullPrototype = proto;
    return true;
  }
  if (Object.getPrototypeOf(proto) !== null || Reflect.ownKeys(proto).length > 0) return false;
  emptyNullPrototypes.add(proto);
  lastEmptyNullPrototype = proto;
  return true;
}

function isPrimitive(v: unknown): v is string | number | boolean | null | undefined {
  return v === null || (typeof v !== 'object' && typeof v !== 'function');
}

/**
 * The JSON Schema of a response body as fast-json-stringify reads it (draft-07; named parts as
 * local `definitions`). A nullable primitive becomes `type: [T, "null"]`: fast-json-stringify
 * serialises that directly, while an `anyOf` costs a validation per value.
 */
export function responseJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io: 'output', target: 'draft-07', unrepresentable: 'any', reused: 'inline' });
  delete json.$schema;
  return collapseNullable(json) as Record<string, unknown>;
}

function collapseNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(collapseNullable);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = collapseNullable(value);
  const anyOf = out.anyOf;
  if (Array.isArray(anyOf) && anyOf.length === 2 && Object.keys(out).length === 1) {
    const isNull = (b: Record<string, unknown>) => b.type === 'null' && Object.keys(b).length === 1;
    const [first, second] = anyOf as Array<Record<string, unknown>>;
    const other = first && second ? (isNull(first) ? second : isNull(second) ? first : undefined) : undefined;
    if (other && typeof other.type === 'string' && other.type !== 'null') return { ...other, type: [other.type, 'null'] };
  }
  return out;
}

export const serializerCompiler: FastifySerializerCompiler<z.ZodType> = ({ schema, method, url, httpStatus }) => {
  try {
    return fastJson(responseJsonSchema(schema) as unknown as Parameters<typeof fastJson>[0]);
  } catch (err) {
    throw new Error(`the response schema of ${method} ${url} (${httpStatus}) cannot be compiled: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
};
