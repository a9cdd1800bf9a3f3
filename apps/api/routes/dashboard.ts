/**
 * The dashboard: `/` and `/dashboard` serve its page, `/assets/<name>` its script, styles and
 * icon — read once from api/dashboard/ into memory. A request names an asset; it never names
 * a file: only the names found in that folder at start-up exist.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ApiError } from '../errors.js';
import { noQuery } from '../schemas.js';
import { errorResponses } from './shared.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

interface Asset {
  body: Buffer;
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
    if (type) assets.set(name, { body: readFileSync(path.join(dir, name)), type });
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
  const sendPage = (_req: unknown, reply: FastifyReply) =>
    reply.headers({ ...security, 'cache-control': 'no-cache' }).type(page.type).send(page.body);
  app.get('/', { config: { public: true }, schema: { querystring: noQuery, response: errorResponses } }, sendPage);
  app.get('/dashboard', { config: { public: true }, schema: { querystring: noQuery, response: errorResponses } }, sendPage);

  app.get<{ Params: { name: string } }>('/assets/:name', {
    config: { public: true },
    schema: {
      params: {
        type: 'object',
        properties: { name: { type: 'string', maxLength: 64, pattern: '^[a-z0-9][a-z0-9-]*\\.(js|css|svg)$' } },
        required: ['name'],
        additionalProperties: false,
      },
      querystring: { type: 'object', properties: { v: { type: 'string', maxLength: 40 } }, additionalProperties: false },
      response: errorResponses,
    },
  }, (request, reply) => {
    const asset = assets.get(request.params.name);
    if (!asset) throw new ApiError(404, 'not_found', `no dashboard asset named ${request.params.name}`);
    return reply.headers({ ...security, 'cache-control': 'no-cache' }).type(asset.type).send(asset.body);
  });
}
