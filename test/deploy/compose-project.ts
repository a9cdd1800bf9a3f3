/**
 * docker-compose.yml as `docker compose` v2 sees it: loaded by compose-go (the loader Docker
 * Compose itself uses) through the small Go program in compose-loader/, built once and cached
 * under .tools/compose-loader-<hash of its sources>/. Interpolated, normalised and validated
 * against the Compose specification; returned as compose-go's JSON.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../helpers/paths.js';

const run = promisify(execFile);
const LOADER_SOURCE = path.join(import.meta.dirname, 'compose-loader');

export interface ComposePort { host_ip?: string; target: number; published?: string; protocol?: string }
export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string };
  command?: string[] | null;
  entrypoint?: string[] | null;
  environment?: Record<string, string | null>;
  depends_on?: Record<string, { condition: string; required?: boolean }>;
  healthcheck?: { test: string[]; interval?: string; timeout?: string; retries?: number; start_period?: string };
  ports?: ComposePort[];
  expose?: string[];
  volumes?: Array<{ type: string; source: string; target: string; read_only?: boolean }>;
  deploy?: { replicas?: number };
  restart?: string;
  init?: boolean;
}
export interface ComposeProject {
  name: string;
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/** Builds the loader unless this version of its sources is built already; returns its path. */
export async function composeLoader(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of ['go.mod', 'go.sum', 'main.go']) hash.update(readFileSync(path.join(LOADER_SOURCE, file)));
  const dir = path.join(REPO_ROOT, '.tools', `compose-loader-${hash.digest('hex').slice(0, 12)}`);
  const binary = path.join(dir, 'compose-loader');
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  const partial = `${binary}.partial-${process.pid}`;
  try {
    await run('go', ['build', '-o', partial, '.'], { cwd: LOADER_SOURCE, env: { ...process.env, CGO_ENABLED: '0' } });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`building the compose loader (go build in ${LOADER_SOURCE}) failed — is Go installed? ${(e.stderr || e.message).trim()}`);
  }
  renameSync(partial, binary);
  return binary;
}

/** docker-compose.yml (or `file`) loaded with `env` as the environment Compose interpolates from. */
export async function loadCompose(env: Record<string, string> = {}, file = path.join(REPO_ROOT, 'docker-compose.yml')): Promise<ComposeProject> {
  const loader = await composeLoader();
  try {
    // Only the given variables: the test's own environment must not leak into the interpolation.
    const { stdout } = await run(loader, [file, ...Object.entries(env).map(([k, v]) => `${k}=${v}`)], { env: { PATH: process.env.PATH ?? '' }, maxBuffer: 16 * 1024 * 1024 });
    return JSON.parse(stdout) as ComposeProject;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`compose-go refused ${file}: ${(e.stderr || e.message).trim()}`);
  }
}
