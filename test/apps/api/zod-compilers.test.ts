/**
 * The request validator: zod's answers, kept per input for path parameters and query strings
 * (a repeated input is not parsed again), never for bodies, never for refusals, and handed out
 * as fresh objects.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { symbolParams, predictQuery, incidentsQuery } from '../../../apps/api/schemas/request.js';
import { KEPT_INPUTS_PER_ROUTE, validatorCompiler } from '../../../apps/api/zod-compilers.js';

type Part = 'params' | 'querystring' | 'body';
type Result = { value?: unknown; error?: unknown };

/** A refusal: zod's issues, no value. */
const REFUSED = { error: expect.arrayContaining([expect.objectContaining({ message: expect.any(String) })]) };

function compile(schema: z.ZodType, httpPart: Part): (data: unknown) => Result {
  const def = { schema, method: 'GET', url: '/test', httpPart } as Parameters<typeof validatorCompiler>[0];
  return validatorCompiler(def) as (data: unknown) => Result;
}

/** A schema counting how often zod runs its transform. */
function counted() {
  const runs = { n: 0 };
  const schema = z.strictObject({ symbol: z.string().transform((s) => { runs.n++; return s.toUpperCase(); }) });
  return { schema, runs };
}

describe('validatorCompiler', () => {
  it('answers as zod does, transforms included, for parameters and query strings', () => {
    const params = compile(symbolParams, 'params');
    const query = compile(incidentsQuery, 'querystring');
    for (let i = 0; i < 3; i++) {
      expect(params({ symbol: 'nvda' })).toEqual({ value: { symbol: 'NVDA' } });
      expect(query({ limit: '20', symbol: 'spy' })).toEqual({ value: { status: 'open', symbol: 'SPY', limit: 20 } });
      expect(query({})).toEqual({ value: { status: 'open', limit: 200 } });
    }
  });

  it('parses a repeated parameter or query input once, a body every time', () => {
    for (const part of ['params', 'querystring'] as const) {
      const { schema, runs } = counted();
      const validate = compile(schema, part);
      for (let i = 0; i < 5; i++) expect(validate({ symbol: 'aapl' })).toEqual({ value: { symbol: 'AAPL' } });
      expect(runs.n, part).toBe(1);
      expect(validate({ symbol: 'msft' })).toEqual({ value: { symbol: 'MSFT' } });
      expect(runs.n, part).toBe(2);
    }
    const { schema, runs } = counted();
    const body = compile(schema, 'body');
    for (let i = 0; i < 5; i++) body({ symbol: 'aapl' });
    expect(runs.n).toBe(5);
  });

  it('keeps what fastify hands over: parameters and query strings on empty prototype-less prototypes, a plain {} for no query', async () => {
    const { default: Fastify } = await import('fastify');
    const app = Fastify();
    const seen: unknown[] = [];
    app.get('/p/:symbol', (request) => { seen.push(request.params, request.query); return null; });
    await app.inject('/p/aapl?x=1');
    await app.inject('/p/aapl');
    await app.close();
    expect(seen).toHaveLength(4);
    const [params1, query1, params2, query2] = seen;
    // Path parameters: the same symbol from two requests is parsed once.
    const p = counted();
    const params = compile(p.schema, 'params');
    expect(params(params1)).toEqual({ value: { symbol: 'AAPL' } });
    expect(params(params2)).toEqual({ value: { symbol: 'AAPL' } });
    expect(p.runs.n).toBe(1);
    // Query strings: `?x=1` (prototype-less) and none (`{}`), each parsed once however often it comes.
    const q = { n: 0 };
    const query = compile(z.object({ x: z.string().optional() }).transform((v) => { q.n++; return v; }), 'querystring');
    for (let i = 0; i < 3; i++) {
      expect(query(query1)).toEqual({ value: { x: '1' } });
      expect(query(query2)).toEqual({ value: {} });
    }
    expect(q.n).toBe(2);
  });

  it('lets zod judge an object that is not plain (a class instance) every time', () => {
    const { schema, runs } = counted();
    const params = compile(schema, 'params');
    class Input { constructor(readonly symbol: string) {} }
    for (let i = 0; i < 3; i++) expect(params(new Input('aapl'))).toEqual({ value: { symbol: 'AAPL' } });
    expect(runs.n).toBe(3);
  });

  it('hands out a fresh object each time: a handler changing it changes nothing kept', () => {
    const params = compile(symbolParams, 'params');
    const first = params({ symbol: 'spy' }).value as { symbol: string };
    first.symbol = 'CHANGED';
    expect(params({ symbol: 'spy' })).toEqual({ value: { symbol: 'SPY' } });
    expect(params({ symbol: 'spy' }).value).not.toBe(params({ symbol: 'spy' }).value);
  });

  it('never keeps a refusal, and tells inputs apart however their names and values split', () => {
    const params = compile(symbolParams, 'params');
    for (let i = 0; i < 2; i++) {
      expect(params({ symbol: '../etc' })).toMatchObject(REFUSED);
      expect(params({ symbol: 'x'.repeat(16) })).toMatchObject(REFUSED);
    }
    expect(params({ symbol: 'ok' })).toEqual({ value: { symbol: 'OK' } });
    const loose = compile(z.object({ ab: z.string().optional(), a: z.string().optional(), bc: z.string().optional(), c: z.string().optional() }), 'querystring');
    expect(loose({ ab: 'c' })).toEqual({ value: { ab: 'c' } });
    expect(loose({ a: 'bc' })).toEqual({ value: { a: 'bc' } });
    expect(loose({ a: 'b', c: '' })).toEqual({ value: { a: 'b', c: '' } });
    expect(loose({ a: 'bc' })).toEqual({ value: { a: 'bc' } });
  });

  it('lets zod judge what is not a plain object of strings (a parameter given twice), every time', () => {
    const query = compile(predictQuery, 'querystring');
    for (let i = 0; i < 2; i++) {
      expect(query({ asOf: ['2025-03-31', '2025-04-01'] })).toMatchObject(REFUSED);
      expect(query({ asOf: '2025-02-31' })).toMatchObject(REFUSED);
    }
    expect(query({ asOf: '2025-03-31' })).toEqual({ value: { asOf: '2025-03-31' } });
    expect(query({ other: '1' })).toMatchObject(REFUSED);
  });

  it('stays right past the number of inputs it keeps', () => {
    const { schema, runs } = counted();
    const params = compile(schema, 'params');
    const inputs = Array.from({ length: KEPT_INPUTS_PER_ROUTE + 5 }, (_, i) => `s${i}`);
    for (const s of inputs) expect(params({ symbol: s })).toEqual({ value: { symbol: s.toUpperCase() } });
    expect(runs.n).toBe(inputs.length);
    for (const s of inputs.slice(-5)) expect(params({ symbol: s })).toEqual({ value: { symbol: s.toUpperCase() } });
    expect(runs.n).toBe(inputs.length);
  });
});
