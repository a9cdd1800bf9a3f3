/**
 * The dashboard: `/` and `/dashboard` serve its page, `/assets/<name>` its script, styles and
 * icon — read once from api/dashboard/ into memory. A request names an asset; it never names
 * a file: only the names found in that folder at start-up exist.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import { assetParams, assetQuery, noQuery } from '../schemas/request.js';
import { errorResponses } from '../schemas/responses.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

interface Asset {
  /** Text (every served type is): sent as is, never serialised. */
  body: string;
  type: string;
}

/** api/dashboard/ beside this file (tsx), or in the source tree when running from dist/. */
export function dashboardDir(): string {
  const candidates = [path.join(import.meta.dirname, '..', 'dashboard'), path.resolve(import.meta.dirname, '..', '..', '..', '..', 'apps', 'api', 'dashboard')];
  const found = candidates.find((d) => existsSync(path.join(d, 'index.html')));
  if (!found) throw new Error(`dashboard files not found (looked in ${candidates.join(', ')})`);
  return found;
}

function loadAssets(dir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const name of readdirSync(dir)) {
    const type = TYPES[path.extname(name)];
    if (type) assets.set(name, { body: readFileSync(path.join(dir, name), 'utf8'), type });
  }
  return assets;
}

export function dashboardRoutes(app: FastifyInstance, dir = dashboardDir()): void {
  const assets = loadAssets(dir);
  const page = assets.get('index.html')!;
  const security = {
    // Everything is local: no CDN, no inline script; data comes from this API only.
    'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
  const sendPage = (_req: unknown, reply: FastifyReply): void => {
    reply.headers({ ...security, 'cache-control': 'no-cache' }).type(page.type).send(page.body);
  };
  const zapp = app.withTypeProvider<ZodTypeProvider>();
  const pageSchema = {
    summary: 'The dashboard (public shell; it asks for the token when one is configured)',
    tags: ['dashboard'],
    querystring: noQuery,
    produces: ['text/html'],
    response: { 200: z.string().meta({ description: 'HTML page' }), ...errorResponses },
  };
  zapp.get('/', { config: { public: true }, schema: pageSchema }, sendPage);
  zapp.get('/dashboard', { config: { public: true }, schema: pageSchema }, sendPage);

  zapp.get('/assets/:name', {
    config: { public: true },
    schema: {
      summary: "The dashboard's script, styles and icon",
      tags: ['dashboard'],
      params: assetParams,
      querystring: assetQuery,
      produces: ['text/javascript', 'text/css', 'image/svg+xml'],
      response: { 200: z.string().meta({ description: 'the asset' }), ...errorResponses },
    },
  }, (request, reply) => {
    const asset = assets.get(request.params.name);
    if (!asset) throw new ApiError(404, 'not_found', `no dashboard asset named ${request.params.name}`);
    reply.headers({ ...security, 'cache-control': 'no-cache' }).type(asset.type).send(asset.body);
  });
}
