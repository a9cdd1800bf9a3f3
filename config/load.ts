import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { ConfigError } from '../common/errors.js';
import { formatPriceSourceSpec, readPriceSourceSpec } from '../common/price-source-spec.js';
import { redactStoreUrl } from '../common/store-url.js';
import { ENV_OVERRIDES } from './env-overrides.js';
import { applyRunningStack, type RunningStackUse } from './running-stack.js';
import { configSchema, DEFAULT_CONFIG, type StockflowConfig, type Thresholds } from './schema.js';

export const DEFAULT_CONFIG_FILE = 'stockflow.config.yaml';

export interface ResolvedConfig extends StockflowConfig {
  /** The file the configuration came from, when there was one. */
  configFile?: string;
  /** Absolute data directory. */
  dataDir: string;
  /** Price source with any csv: directory made absolute (and known to be an existing directory). */
  priceSource: string;
  /** Set when `runningStack` was asked for and the data directory held a state file. */
  runningStack?: RunningStackUse;
}

export interface LoadConfigOptions {
  /** Explicit file; else STOCKFLOW_CONFIG; else ./stockflow.config.yaml when it exists; else defaults. */
  file?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /**
   * Fill the endpoints the file and the environment leave unset from the running stack's state
   * file in the data directory (config/running-stack.ts): for processes that talk to a stack
   * another terminal started (the CLI), never for the stack itself.
   */
  runningStack?: boolean;
}

// Kept in its own module (no zod, no yaml) so `stockflow --help` can list the variables cheaply.
export { ENV_OVERRIDES } from './env-overrides.js';

/** Reads, merges (defaults ← file ← environment) and validates the configuration. */
export function loadConfig(options: LoadConfigOptions = {}): ResolvedConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const file = pickFile(options.file ?? env.STOCKFLOW_CONFIG, cwd);
  const baseDir = file ? path.dirname(file) : cwd;

  const merged = structuredClone(DEFAULT_CONFIG) as Record<string, unknown>;
  const fromFile = file ? readConfigFile(file) : {};
  deepMerge(merged, fromFile);
  const origins = applyEnv(merged, env, cwd);
  const runningStack = options.runningStack && typeof merged.dataDir === 'string'
    ? applyRunningStack(merged, path.resolve(baseDir, merged.dataDir), (field) => field in origins || getPath(fromFile, field.split('.')) !== undefined)
    : undefined;

  const parsed = configSchema.safeParse(merged);
  const sourceOf = (field: string) => {
    const envVar = Object.entries(origins).find(([f]) => field === f || field.startsWith(`${f}.`))?.[1];
    return envVar ? `environment variable ${envVar}` : file ?? 'default configuration';
  };
  if (!parsed.success) {
    // A failed parse has at least one issue; report the first.
    const issue = parsed.error.issues[0]!;
    const issuePath = issue.code === 'unrecognized_keys' ? [...issue.path, ...issue.keys.slice(0, 1)] : issue.path;
    const field = issuePath.map(String).join('.') || '(root)';
    const allowed = issue.code === 'unrecognized_keys' ? `one of the known fields (see ${DEFAULT_CONFIG_FILE})` : issue.message;
    throw new ConfigError(field, issue.code === 'unrecognized_keys' ? '(unknown field)' : withoutSecrets(field, getPath(merged, issuePath)), allowed, sourceOf(field));
  }
  const config = parsed.data;
  // A csv: directory from the environment is relative to the working directory, from the file to the file.
  const priceSource = resolvePriceSource(config.priceSource, origins.priceSource ? cwd : baseDir, sourceOf('priceSource'));
  return {
    ...config,
    configFile: file,
    dataDir: path.resolve(baseDir, config.dataDir),
    priceSource,
    ...(runningStack ? { runningStack } : {}),
  };
}

/** The price source with a csv: directory made absolute; refused when that is not an existing directory. */
function resolvePriceSource(raw: string, baseDir: string, origin: string): string {
  const spec = readPriceSourceSpec(raw);
  if (spec?.kind !== 'csv') return spec ? formatPriceSourceSpec(spec) : raw;
  const dir = path.resolve(baseDir, spec.dir);
  let problem: string | null = null;
  try {
    if (!statSync(dir).isDirectory()) problem = `${dir} is a file, not a directory`;
  } catch (err) {
    problem = (err as NodeJS.ErrnoException).code === 'ENOENT' ? `${dir} does not exist` : `${dir} cannot be read (${(err as Error).message})`;
  }
  if (problem) {
    throw new ConfigError('priceSource', raw, `"csv:DIR" with DIR an existing directory of <SYMBOL>.csv files (${problem}), "yahoo" or "synthetic[:SEED]"`, origin);
  }
  return `csv:${dir}`;
}

/** Base URL of the prediction API as other processes reach it: `api.url`, else http://host:port. */
export function apiBaseUrl(config: Pick<StockflowConfig, 'api'>): string {
  if (config.api.url) return config.api.url.replace(/\/$/, '');
  const host = config.api.host === '0.0.0.0' || config.api.host === '::' ? '127.0.0.1' : config.api.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.api.port}`;
}

/**
 * The Temporal frontend every process talks to: `temporal.address` (a cluster), else the embedded
 * dev server on 127.0.0.1:<devServerPort>. The one place this default is spelled.
 */
export function temporalAddress(config: Pick<StockflowConfig, 'temporal'>): string {
  return config.temporal.address ?? `127.0.0.1:${config.temporal.devServerPort}`;
}

/** Thresholds for one symbol: the global ones with its overrides applied. */
export function thresholdsFor(config: Pick<StockflowConfig, 'thresholds'>, symbol: string): Thresholds {
  const { overrides, ...base } = config.thresholds;
  return { ...base, ...(overrides[symbol] ?? {}) };
}

function pickFile(explicit: string | undefined, cwd: string): string | undefined {
  if (explicit) {
    const file = path.resolve(cwd, explicit);
    if (!existsSync(file)) throw new ConfigError('config file', file, 'an existing YAML or JSON file', 'STOCKFLOW_CONFIG / --config');
    return file;
  }
  const fallback = path.join(cwd, DEFAULT_CONFIG_FILE);
  return existsSync(fallback) ? fallback : undefined;
}

function readConfigFile(file: string): Record<string, unknown> {
  const doc = parseDocument(readFileSync(file, 'utf8'), { prettyErrors: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!; // length > 0
    const where = e.linePos?.[0] ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : 'unknown position';
    throw new ConfigError('(syntax)', where, `valid YAML: ${e.message.split('\n')[0]}`, file);
  }
  const value = doc.toJS() ?? {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError('(root)', value, 'a mapping of configuration fields', file);
  }
  return value as Record<string, unknown>;
}

function applyEnv(target: Record<string, unknown>, env: NodeJS.ProcessEnv, cwd: string): Record<string, string> {
  const origins: Record<string, string> = {};
  for (const [name, { field, kind }] of Object.entries(ENV_OVERRIDES)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    let value: unknown = raw;
    if (kind === 'path') value = path.resolve(cwd, raw);
    else if (kind === 'number') value = /^\s*-?\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : raw;
    else if (kind === 'boolean') value = raw === 'true' || raw === '1' ? true : raw === 'false' || raw === '0' ? false : raw;
    else if (kind === 'list') value = raw.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
    else if (kind === 'strings') value = raw.split(',').map((s) => s.trim()).filter(Boolean);
    setPath(target, field.split('.'), value);
    origins[field] = name;
  }
  return origins;
}

function deepMerge(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    const current = target[key];
    if (isPlainObject(current) && isPlainObject(value)) deepMerge(current, value);
    else target[key] = value;
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function setPath(target: Record<string, unknown>, keys: string[], value: unknown): void {
  let node = target;
  const last = keys.at(-1);
  if (last === undefined) throw new RangeError('setPath needs at least one key');
  for (const key of keys.slice(0, -1)) {
    if (!isPlainObject(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[last] = value;
}

function getPath(source: unknown, keys: PropertyKey[]): unknown {
  let node = source;
  for (const key of keys) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/** A refused value as the error may show it: a store URL (as `store.url`, inside `store`, or in its place) with its password masked. */
function withoutSecrets(field: string, value: unknown): unknown {
  if (field !== 'store' && field !== 'store.url') return value;
  if (typeof value === 'string') return redactStoreUrl(value);
  if (value !== null && typeof value === 'object' && typeof (value as { url?: unknown }).url === 'string') {
    return { ...value, url: redactStoreUrl((value as { url: string }).url) };
  }
  return value;
}
