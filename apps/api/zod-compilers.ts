/**
 * How fastify uses the routes' zod schemas: requests are validated by zod itself (its
 * transforms read `nvda` as `NVDA` and digits as numbers; fastify-type-provider-zod's
 * validatorCompiler), responses are serialised by fast-json-stringify from the JSON Schema zod
 * generates (converted and compiled once per route and status) — several times faster than
 * zod-parse-then-JSON.stringify, and fields outside the schema never leak. Loose objects
 * (`z.looseObject`) and open records serialise their extra fields too.
 */
import fastJson from 'fast-json-stringify';
import type { FastifySchemaCompiler, FastifySerializerCompiler } from 'fastify';
import { validatorCompiler as zodValidatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

export const validatorCompiler: FastifySchemaCompiler<z.ZodType> = zodValidatorCompiler;

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
