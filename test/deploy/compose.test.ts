/**
 * There is no Docker engine in CI, so the deployment files are checked as data: the compose
 * file's services, pinned images, ports, volumes, start order, health checks and
 * environment; the Dockerfile's stages; and that the commands both run point at files
 * `tsc -p tsconfig.build.json` actually emits.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';

const root = path.resolve(import.meta.dirname, '../..');
const composeText = readFileSync(path.join(root, 'docker-compose.yml'), 'utf8');
const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');

interface Service {
  image?: string;
  build?: string | { context: string };
  command?: string[] | string;
  ports?: string[];
  volumes?: string[];
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}
interface Compose {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
}

/** Docker Compose interpolation: `${VAR:-default}`, `${VAR}`, `$$` → `$`. */
function interpolate(text: string, env: Record<string, string> = {}): string {
  return text.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}/g, (whole, name?: string, fallback?: string) => {
    if (whole === '$$') return '$';
    const value = env[name as string];
    return value !== undefined && value !== '' ? value : fallback ?? '';
  });
}

function load(env: Record<string, string> = {}): Compose {
  const doc = parseDocument(interpolate(composeText, env));
  expect(doc.errors).toEqual([]);
  return doc.toJS({ maxAliasCount: 100 }) as Compose;
}

const compose = load();
const service = (name: string): Service => {
  const s = compose.services[name];
  if (!s) throw new Error(`docker-compose.yml has no service ${name}`);
  return s;
};
const commandOf = (s: Service) => (Array.isArray(s.command) ? s.command.join(' ') : s.command ?? '');
const healthTest = (s: Service) => (s.healthcheck?.test ?? []).join(' ');

describe('docker-compose.yml', () => {
  it('parses, and has exactly the five services of the stack', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'postgresql', 'temporal', 'temporal-ui', 'worker']);
  });

  it('pins every pulled image to a version (no "latest", no bare name)', () => {
    for (const [name, s] of Object.entries(compose.services)) {
      if (s.build) continue; // built from this repository
      expect(s.image, name).toMatch(/^[\w./-]+:(?!latest$)[\w.-]+$/);
    }
    expect(service('postgresql').image).toMatch(/^postgres:16(\.\d+)*(-[\w]+)?$/);
    expect(service('temporal').image).toMatch(/^temporalio\/auto-setup:\d+\.\d+\.\d+$/);
    expect(service('temporal-ui').image).toMatch(/^temporalio\/ui:\d+\.\d+\.\d+$/);
  });

  it('uses ${VAR:-default} for every variable, so an empty environment still yields a valid stack', () => {
    const refs = [...composeText.replace(/\$\$/g, '').matchAll(/\$\{?([A-Za-z_]\w*)?(:?[-?][^}]*)?\}?/g)].map((m) => m[0]);
    expect(refs.length).toBeGreaterThan(10);
    expect(refs.filter((r) => !/^\$\{[A-Za-z_]\w*:-[^}]*\}$/.test(r))).toEqual([]);
  });

  it('runs PostgreSQL 16 with a named volume and a pg_isready health check', () => {
    const pg = service('postgresql');
    expect(pg.volumes).toContain('temporal-postgresql-data:/var/lib/postgresql/data');
    expect(healthTest(pg)).toContain('pg_isready');
    expect(pg.ports ?? []).toEqual([]); // reachable only on the compose network
  });

  it('runs Temporal on PostgreSQL once the database is healthy, with a cluster health check', () => {
    const t = service('temporal');
    expect(t.environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgresql', DEFAULT_NAMESPACE: 'default' });
    expect(t.depends_on).toEqual({ postgresql: { condition: 'service_healthy' } });
    expect(t.ports).toEqual(['127.0.0.1:7233:7233']);
    expect(healthTest(t)).toMatch(/temporal operator cluster health|tctl .*cluster health/);
    expect(t.environment?.POSTGRES_PWD).toBe(service('postgresql').environment?.POSTGRES_PASSWORD);
  });

  it('serves the Temporal UI on 8080 against temporal:7233', () => {
    const ui = service('temporal-ui');
    expect(ui.environment?.TEMPORAL_ADDRESS).toBe('temporal:7233');
    expect(ui.ports).toEqual(['127.0.0.1:8080:8080']);
    expect(Object.keys(ui.depends_on ?? {})).toEqual(['temporal']);
  });

  it('builds the worker and the API from this repository and shares the data volume', () => {
    for (const name of ['worker', 'api']) {
      const s = service(name);
      expect(s.build, name).toBe('.');
      expect(s.volumes, name).toEqual(['stockflow-data:/data']);
      expect(s.depends_on, name).toEqual({ temporal: { condition: 'service_healthy' } });
    }
    expect(service('worker').image).toBe(service('api').image);
    expect(commandOf(service('worker'))).toBe('node dist/worker/main.js');
    expect(commandOf(service('api'))).toBe('node dist/apps/api/main.js');
  });

  it('publishes the API on 3000 with a /health check', () => {
    const api = service('api');
    expect(api.ports).toEqual(['127.0.0.1:3000:3000']);
    expect(healthTest(api)).toMatch(/https?:\/\/(127\.0\.0\.1|localhost):3000\/health/);
    expect(api.environment).toMatchObject({ STOCKFLOW_API_HOST: '0.0.0.0', STOCKFLOW_API_PORT: 3000 });
    // Monitoring in the worker container checks the API container, not its own loopback.
    expect(service('worker').environment).toMatchObject({ STOCKFLOW_API_URL: 'http://api:3000' });
  });

  it('configures the worker and the API only through the environment, with deployable defaults', () => {
    for (const name of ['worker', 'api']) {
      const env = service(name).environment ?? {};
      for (const key of [
        'STOCKFLOW_CONFIG', 'TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_KEY',
        'TEMPORAL_API_KEY', 'STOCKFLOW_DATA_DIR', 'STOCKFLOW_PRICE_SOURCE', 'STOCKFLOW_API_TOKEN',
      ]) {
        expect(env, `${name}.${key}`).toHaveProperty(key);
      }
      expect(env).toMatchObject({
        TEMPORAL_ADDRESS: 'temporal:7233', TEMPORAL_NAMESPACE: 'default', STOCKFLOW_DATA_DIR: '/data', STOCKFLOW_PRICE_SOURCE: 'yahoo',
      });
    }
  });

  it('lets the environment override the defaults', () => {
    const custom = load({
      TEMPORAL_ADDRESS: 'ns.a1b2c.tmprl.cloud:7233', TEMPORAL_NAMESPACE: 'ns.a1b2c', TEMPORAL_API_KEY: 'key',
      STOCKFLOW_PRICE_SOURCE: 'csv:/prices', STOCKFLOW_PUBLISH_IP: '0.0.0.0', STOCKFLOW_API_HOST_PORT: '8081',
    });
    expect(custom.services.worker?.environment).toMatchObject({
      TEMPORAL_ADDRESS: 'ns.a1b2c.tmprl.cloud:7233', TEMPORAL_NAMESPACE: 'ns.a1b2c', TEMPORAL_API_KEY: 'key', STOCKFLOW_PRICE_SOURCE: 'csv:/prices',
    });
    expect(custom.services.temporal?.environment?.DEFAULT_NAMESPACE).toBe('ns.a1b2c');
    expect(custom.services.api?.ports).toEqual(['0.0.0.0:8081:3000']);
  });

  it('declares every named volume it mounts', () => {
    const mounted = Object.values(compose.services).flatMap((s) => s.volumes ?? []).map((v) => v.split(':')[0]);
    expect(new Set(mounted)).toEqual(new Set(Object.keys(compose.volumes)));
  });
});

describe('Dockerfile', () => {
  const instructions = dockerfile.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const froms = instructions.filter((l) => /^FROM /i.test(l));

  it('builds in stages on node:20-bookworm-slim', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20-bookworm-slim$/m);
    expect(froms).toEqual(['FROM ${NODE_IMAGE} AS build', 'FROM ${NODE_IMAGE} AS runtime']);
  });

  it('installs the native build tools, runs npm ci and the build, then drops dev dependencies', () => {
    const build = instructions.slice(0, instructions.indexOf(froms[1]!)).join('\n');
    expect(build).toMatch(/apt-get install[^\n]*python3[^\n]*make[^\n]*g\+\+/);
    expect(build).toMatch(/RUN npm ci\b/);
    expect(build).toMatch(/npm run build[^\n]*npm prune --omit=dev/);
  });

  it('runs as a non-root user with /data as a volume', () => {
    const runtime = instructions.slice(instructions.indexOf(froms[1]!));
    const user = runtime.filter((l) => /^USER /.test(l)).pop();
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^USER (root|0)(:|$)/);
    expect(runtime).toContain('VOLUME ["/data"]');
  });

  it('has a .dockerignore that keeps local state and dependencies out of the build context', () => {
    const ignored = readFileSync(path.join(root, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', '.git', '.stockflow', '.tools']));
    // Needed inside the build: manifests, the build config and the default config file.
    for (const kept of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'stockflow.config.yaml', 'scripts']) {
      expect(ignored).not.toContain(kept);
    }
  });
});

describe('entry points exist in the build output', () => {
  /** The .js files `tsc -p tsconfig.build.json` writes, relative to the repository root. */
  function emittedFiles(): Set<string> {
    const configPath = path.join(root, 'tsconfig.build.json');
    const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
    expect(error).toBeUndefined();
    const parsed = ts.parseJsonConfigFileContent(config, ts.sys, root, undefined, configPath);
    const outDir = parsed.options.outDir as string;
    const rootDir = parsed.options.rootDir as string;
    return new Set(parsed.fileNames.filter((f) => !f.endsWith('.d.ts')).map((f) =>
      path.relative(root, path.join(outDir, path.relative(rootDir, f))).replace(/\.ts$/, '.js').split(path.sep).join('/')));
  }

  const commands = [
    ...['worker', 'api'].map((name) => commandOf(compose.services[name]!)),
    ...[...dockerfile.matchAll(/^(?:CMD|ENTRYPOINT)\s+(.+)$/gm)].map((m) => (JSON.parse(m[1]!) as string[]).join(' ')),
  ];
  const targets = [...new Set(commands.flatMap((c) => [...c.matchAll(/\bdist\/[\w/.-]+\.js\b/g)].map((m) => m[0])))];

  it('has the package build script compile tsconfig.build.json', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.build).toContain('tsc -p tsconfig.build.json');
    expect(targets.sort()).toEqual(['dist/apps/api/main.js', 'dist/worker/main.js']);
  });

  for (const target of ['dist/worker/main.js', 'dist/apps/api/main.js']) {
    const source = target.replace(/^dist\//, '').replace(/\.js$/, '.ts');
    it(`${target} is emitted from ${source}`, () => {
      expect(existsSync(path.join(root, source)), `${source} does not exist yet`).toBe(true);
      expect(emittedFiles().has(target), `tsconfig.build.json does not emit ${target}`).toBe(true);
    });
  }
});
