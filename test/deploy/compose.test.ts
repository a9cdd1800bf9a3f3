/**
 * There is no Docker engine in CI, so the deployment files are checked as data — but as Docker
 * Compose reads them: docker-compose.yml is loaded by compose-go (compose-project.ts), which
 * interpolates, normalises and validates it against the Compose specification. Checked: the
 * services, the images against the versions the cluster harness runs (scripts/cluster/pins.json,
 * and the UI the dev server ships), start order, ports, health checks, environment, the shared
 * dynamic config; the Dockerfile's stages and Node LTS image; and that the commands both run
 * point at files `tsc -p tsconfig.build.json` actually emits.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveTemporalCli } from '../../client/target/index.js';
import { readPins } from '../../scripts/cluster/pins.js';
import { DYNAMIC_CONFIG_FILE } from '../../scripts/cluster/temporal-server.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { scaled } from '../helpers/timeouts.js';
import { loadCompose, type ComposeProject, type ComposeService } from './compose-project.js';

const root = REPO_ROOT;
const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
const pins = readPins();

let compose: ComposeProject;
beforeAll(async () => {
  // The first run builds the loader with Go (minutes on a busy machine); later runs reuse it.
  compose = await loadCompose();
}, scaled(900_000));

const service = (name: string, project = compose): ComposeService => {
  const s = project.services[name];
  if (!s) throw new Error(`the compose file has no service ${name}`);
  return s;
};
const healthTest = (s: ComposeService) => (s.healthcheck?.test ?? []).join(' ');
const published = (s: ComposeService) => (s.ports ?? []).map((p) => `${p.host_ip}:${p.published}:${p.target}`);
const script = (s: ComposeService) => [...(s.entrypoint ?? []), ...(s.command ?? [])].join(' ');

describe('docker-compose.yml', () => {
  it('is valid Compose, with the seven services of the cluster', () => {
    expect(compose.name).toBe('stockflow');
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'postgresql', 'temporal', 'temporal-namespace', 'temporal-schema', 'temporal-ui', 'worker']);
  });

  it('runs the Temporal server, admin tools, UI and PostgreSQL at the versions the cluster harness pins', () => {
    expect(service('temporal').image).toBe(`temporalio/server:${pins.temporalServer}`);
    expect(service('temporal-schema').image).toBe(`temporalio/admin-tools:${pins.temporalServer}`);
    expect(service('temporal-namespace').image).toBe(`temporalio/admin-tools:${pins.temporalServer}`);
    expect(service('temporal-ui').image).toBe(`temporalio/ui:${pins.temporalUi}`);
    expect(service('postgresql').image).toBe(`postgres:${pins.postgres}`);
    for (const [name, s] of Object.entries(compose.services)) {
      if (s.build) continue; // built from this repository
      expect(s.image, name).toMatch(/^[\w./-]+:(?!latest$)[\w.-]+$/);
    }
  });

  it('pins the same Temporal UI as the dev server the tests run ships', () => {
    const version = execFileSync(resolveTemporalCli(), ['--version'], { encoding: 'utf8' });
    const ui = /UI (\d+\.\d+\.\d+)/.exec(version)?.[1];
    expect(ui, version).toBeDefined();
    expect(pins.temporalUi).toBe(ui);
  });

  it('applies both Temporal schemas with temporal-sql-tool once PostgreSQL is healthy', () => {
    const job = service('temporal-schema');
    expect(job.depends_on).toEqual({ postgresql: { condition: 'service_healthy', required: true } });
    expect(job.environment).toMatchObject({ SQL_PLUGIN: 'postgres12', SQL_HOST: 'postgresql', SQL_PORT: '5432', SQL_USER: 'temporal', SQL_PASSWORD: 'temporal' });
    const text = script(job);
    expect(text).toContain('temporal:temporal temporal_visibility:visibility');
    expect(text).toMatch(/setup-schema -v 0\.0/);
    expect(text).toContain('update-schema -d "/etc/temporal/schema/postgresql/v12/$schema/versioned"');
    expect(job.restart).toMatch(/^on-failure/);
  });

  it('starts the server after the schema job, on PostgreSQL, with the harness\'s dynamic config and a health check', () => {
    const t = service('temporal');
    expect(t.depends_on).toEqual({ 'temporal-schema': { condition: 'service_completed_successfully', required: true } });
    expect(t.environment).toMatchObject({ DB: 'postgres12', DB_PORT: '5432', POSTGRES_SEEDS: 'postgresql', POSTGRES_USER: 'temporal', POSTGRES_PWD: 'temporal', BIND_ON_IP: '0.0.0.0' });
    expect(t.environment?.POSTGRES_PWD).toBe(service('postgresql').environment?.POSTGRES_PASSWORD);
    const mount = (t.volumes ?? []).find((v) => v.target === t.environment?.DYNAMIC_CONFIG_FILE_PATH);
    expect(mount, 'the dynamic config file is mounted where DYNAMIC_CONFIG_FILE_PATH points').toBeDefined();
    expect(path.resolve(root, mount!.source)).toBe(DYNAMIC_CONFIG_FILE);
    expect(mount!.read_only).toBe(true);
    expect(published(t)).toEqual(['127.0.0.1:7233:7233']);
    expect(healthTest(t)).toBe('CMD nc -z 127.0.0.1 7233');
  });

  it('creates the namespace once the server is healthy and waits until it is served', () => {
    const job = service('temporal-namespace');
    expect(job.depends_on).toEqual({ temporal: { condition: 'service_healthy', required: true } });
    expect(job.environment).toMatchObject({ TEMPORAL_ADDRESS: 'temporal:7233', NAMESPACE: 'default', RETENTION: '168h' });
    const text = script(job);
    expect(text).toContain('temporal operator namespace create -n "$NAMESPACE" --retention "$RETENTION"');
    expect(text).toContain('temporal workflow list -n "$NAMESPACE"');
  });

  it('keeps PostgreSQL on the compose network, with stockflow\'s store database and a pg_isready check', () => {
    const pg = service('postgresql');
    expect(pg.environment).toMatchObject({ POSTGRES_USER: 'temporal', POSTGRES_PASSWORD: 'temporal', POSTGRES_DB: 'stockflow' });
    expect(pg.volumes?.map((v) => `${v.source}:${v.target}`)).toEqual(['postgresql-data:/var/lib/postgresql/data']);
    expect(healthTest(pg)).toContain('pg_isready');
    expect(pg.ports ?? []).toEqual([]);
  });

  it('serves the Temporal UI on 8080 against temporal:7233', () => {
    const ui = service('temporal-ui');
    expect(ui.environment).toMatchObject({ TEMPORAL_ADDRESS: 'temporal:7233', TEMPORAL_DEFAULT_NAMESPACE: 'default' });
    expect(published(ui)).toEqual(['127.0.0.1:8080:8080']);
    expect(ui.depends_on).toEqual({ temporal: { condition: 'service_healthy', required: true } });
  });

  it('runs two worker replicas and the API from this repository, once the namespace and the store are ready', () => {
    expect(service('worker').deploy?.replicas).toBe(2);
    for (const name of ['worker', 'api']) {
      const s = service(name);
      expect(s.build?.context, name).toBe('.');
      expect(s.image, name).toBe('stockflow:local');
      expect(s.init, name).toBe(true);
      expect(s.depends_on, name).toEqual({
        'temporal-namespace': { condition: 'service_completed_successfully', required: true },
        postgresql: { condition: 'service_healthy', required: true },
      });
    }
    expect(service('worker').command).toEqual(['node', 'dist/worker/main.js']);
    expect(service('api').command).toEqual(['node', 'dist/apps/api/main.js']);
  });

  it('gives the workers and the API the cluster\'s environment: Temporal, the shared store, the task queue', () => {
    for (const name of ['worker', 'api']) {
      expect(service(name).environment, name).toMatchObject({
        TEMPORAL_ADDRESS: 'temporal:7233',
        TEMPORAL_NAMESPACE: 'default',
        STOCKFLOW_TASK_QUEUE: 'stockflow-general',
        STOCKFLOW_STORE_URL: 'postgres://temporal:temporal@postgresql:5432/stockflow',
        STOCKFLOW_DATA_DIR: '/data',
        STOCKFLOW_PRICE_SOURCE: 'yahoo',
        STOCKFLOW_API_URL: 'http://api:3000',
      });
      // No data volume shared between containers: each has its own price cache; the store is shared.
      expect(service(name).volumes ?? [], name).toEqual([]);
      for (const key of ['STOCKFLOW_CONFIG', 'TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_KEY', 'TEMPORAL_API_KEY', 'STOCKFLOW_API_TOKEN']) {
        expect(service(name).environment, `${name}.${key}`).toHaveProperty(key);
      }
    }
  });

  it('checks each worker\'s metrics endpoint and the API\'s /health', () => {
    const worker = service('worker');
    const port = worker.environment?.STOCKFLOW_METRICS_PORT;
    expect(port).toBe('9464');
    expect(worker.environment?.STOCKFLOW_METRICS_HOST).toBe('0.0.0.0');
    expect(worker.expose).toEqual([port]);
    expect(healthTest(worker)).toContain(`fetch('http://127.0.0.1:${port}/metrics')`);
    const api = service('api');
    expect(published(api)).toEqual(['127.0.0.1:3000:3000']);
    expect(api.environment).toMatchObject({ STOCKFLOW_API_HOST: '0.0.0.0', STOCKFLOW_API_PORT: '3000' });
    expect(healthTest(api)).toContain("fetch('http://127.0.0.1:3000/health')");
  });

  it('lets the environment override the defaults', async () => {
    const custom = await loadCompose({
      TEMPORAL_ADDRESS: 'ns.a1b2c.tmprl.cloud:7233', TEMPORAL_NAMESPACE: 'ns.a1b2c', TEMPORAL_API_KEY: 'key',
      STOCKFLOW_PRICE_SOURCE: 'csv:/prices', STOCKFLOW_PUBLISH_IP: '0.0.0.0', STOCKFLOW_API_HOST_PORT: '8081',
      STOCKFLOW_WORKER_REPLICAS: '4', STOCKFLOW_STORE_URL: 'postgres://u:p@db.example:5432/sf', POSTGRES_PASSWORD: 's3cret',
    });
    expect(service('worker', custom).environment).toMatchObject({
      TEMPORAL_ADDRESS: 'ns.a1b2c.tmprl.cloud:7233', TEMPORAL_NAMESPACE: 'ns.a1b2c', TEMPORAL_API_KEY: 'key',
      STOCKFLOW_PRICE_SOURCE: 'csv:/prices', STOCKFLOW_STORE_URL: 'postgres://u:p@db.example:5432/sf',
    });
    expect(service('worker', custom).deploy?.replicas).toBe(4);
    expect(service('temporal-namespace', custom).environment?.NAMESPACE).toBe('ns.a1b2c');
    expect(published(service('api', custom))).toEqual(['0.0.0.0:8081:3000']);
    expect(service('temporal', custom).environment?.POSTGRES_PWD).toBe('s3cret');
    expect(service('temporal-schema', custom).environment?.SQL_PASSWORD).toBe('s3cret');
  });

  it('declares every named volume it mounts', () => {
    const mounted = Object.values(compose.services).flatMap((s) => s.volumes ?? []).filter((v) => v.type === 'volume').map((v) => v.source);
    expect(new Set(mounted)).toEqual(new Set(Object.keys(compose.volumes ?? {})));
  });
});

describe('Dockerfile', () => {
  const instructions = dockerfile.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const froms = instructions.filter((l) => /^FROM /i.test(l));
  const runtimeFrom = () => {
    const from = froms[1];
    if (from === undefined) throw new Error(`the Dockerfile has ${froms.length} FROM lines, no runtime stage`);
    return from;
  };

  it(`builds in stages on the pinned Node LTS (node:${pins.node}-bookworm-slim)`, () => {
    expect(Number(pins.node) % 2, 'an even Node major: only those become LTS').toBe(0);
    expect(Number(pins.node)).toBeGreaterThanOrEqual(22);
    expect(dockerfile).toMatch(new RegExp(`^ARG NODE_IMAGE=node:${pins.node}-bookworm-slim$`, 'm'));
    expect(froms).toEqual(['FROM ${NODE_IMAGE} AS build', 'FROM ${NODE_IMAGE} AS runtime']);
  });

  it('installs the native build tools, runs npm ci and the build, then drops dev dependencies', () => {
    const build = instructions.slice(0, instructions.indexOf(runtimeFrom())).join('\n');
    expect(build).toMatch(/apt-get install[^\n]*python3[^\n]*make[^\n]*g\+\+/);
    expect(build).toMatch(/RUN npm ci\b/);
    expect(build).toMatch(/npm run build[^\n]*npm prune --omit=dev/);
  });

  it('sets up the native TensorFlow backend after npm ci, tolerating its failure (wasm), and leaves no staging cache', () => {
    const build = instructions.slice(0, instructions.indexOf(runtimeFrom()));
    const setup = build.findIndex((l) => /^RUN .*bash scripts\/setup-native\.sh/.test(l));
    expect(setup, 'a RUN of scripts/setup-native.sh in the build stage').toBeGreaterThan(build.findIndex((l) => /^RUN npm ci\b/.test(l)));
    expect(build[setup]).toMatch(/setup-native\.sh \|\| echo [^\n]*wasm/);
    expect(build[setup]).toMatch(/&& rm -rf \.tools$/);
    // What the script runs is in the image before it runs.
    const copied = build.slice(0, setup).filter((l) => /^COPY /.test(l)).map((l) => l.split(/\s+/)[1]);
    expect(copied).toEqual(expect.arrayContaining(['scripts/setup-native.sh', 'scripts/native']));
    expect(build.find((l) => /apt-get install/.test(l))).toContain('python3-pip');
  });

  it('runs as a non-root user with /data as a volume', () => {
    const runtime = instructions.slice(instructions.indexOf(runtimeFrom()));
    const user = runtime.filter((l) => /^USER /.test(l)).pop();
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^USER (root|0)(:|$)/);
    expect(runtime).toContain('VOLUME ["/data"]');
  });

  it('has a .dockerignore that keeps local state and dependencies out of the build context', () => {
    const ignored = readFileSync(path.join(root, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', '.git', '.stockflow', '.tools']));
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

  it('has the package build script compile tsconfig.build.json, and every command run a file it emits', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.build).toContain('tsc -p tsconfig.build.json');
    const commands = [
      ...['worker', 'api'].map((name) => (service(name).command ?? []).join(' ')),
      ...[...dockerfile.matchAll(/^(?:CMD|ENTRYPOINT)\s+(.+)$/gm)].map(([line, json]) => {
        if (json === undefined) throw new Error(`no JSON array in the Dockerfile's ${line}`);
        return (JSON.parse(json) as string[]).join(' ');
      }),
    ];
    const targets = [...new Set(commands.flatMap((c) => [...c.matchAll(/\bdist\/[\w/.-]+\.js\b/g)].map((m) => m[0])))];
    expect(targets.sort()).toEqual(['dist/apps/api/main.js', 'dist/worker/main.js']);
    const emitted = emittedFiles();
    for (const target of targets) {
      const source = target.replace(/^dist\//, '').replace(/\.js$/, '.ts');
      expect(existsSync(path.join(root, source)), `${source} does not exist`).toBe(true);
      expect(emitted.has(target), `tsconfig.build.json does not emit ${target}`).toBe(true);
    }
  });
});
