/**
 * Numbered versions: atomic save (temp dir → fsync → rename to v<N>), verified load,
 * listing and health checks. Version numbers are never reused: the next number is above both
 * every existing directory and the high-water mark in state.json, which prune keeps up to date.
 */
import path from 'node:path';
import { z } from 'zod';
import { ModelIntegrityError } from '../../common/errors.js';
import { buildChecksums, readVerifiedFiles } from './checksums.js';
import type { RegistryContext } from './context.js';
import { InvalidModelArtifactError, ModelNotFoundError } from './errors.js';
import { fsyncDir, isErrno, readdirOrEmpty, readJsonFile, writeFileDurable, writeJsonAtomic } from './fs-ops.js';
import { CHECKSUMS_FILE, METADATA_FILE, checkModelFilePath, parseVersionDir, tempName } from './layout.js';
import { readModelMetadata } from '../engine/metadata-schema.js';
import type { IntegrityReport, LoadedModel, ModelArtifact, StoredMetadata } from './types.js';

/** What the registry adds to the engine's metadata, checked on read. */
const registryFieldsSchema = z.looseObject({
  version: z.number().int().positive().optional(),
  registeredAt: z.string().optional(),
  idempotencyKey: z.string().optional(),
});

/** metadata.json as the registry stored it: the engine's ModelMetadata plus the registry's fields. */
function readStoredMetadata(value: unknown): { ok: true; metadata: StoredMetadata } | { ok: false; problem: string } {
  const read = readModelMetadata(value);
  if (!read.ok) return read;
  const own = registryFieldsSchema.safeParse(value);
  if (!own.success) return { ok: false, problem: own.error.issues[0]?.message ?? 'invalid registry fields' };
  return { ok: true, metadata: { ...read.metadata, ...own.data } };
}

const stateSchema = z.object({ lastVersion: z.number().int().nonnegative() });

/** Attempts at a fresh number when another writer took ours between listing and rename. */
const MAX_RENAME_ATTEMPTS = 50;

export function listVersionNumbers(ctx: RegistryContext, symbol: string): number[] {
  return readdirOrEmpty(ctx.fs, ctx.layout.symbolDir(symbol))
    .map(parseVersionDir)
    .filter((v): v is number => v !== null)
    .sort((a, b) => a - b);
}

/** The number recorded in state.json (0 when missing or unreadable). */
function recordedMark(ctx: RegistryContext, symbol: string): number {
  try {
    const parsed = stateSchema.safeParse(readJsonFile(ctx.fs, ctx.layout.stateFile(symbol)));
    return parsed.success ? parsed.data.lastVersion : 0;
  } catch (err) {
    // A missing or torn state.json is rebuilt from the directories.
    if (isErrno(err, 'ENOENT') || err instanceof SyntaxError) return 0;
    throw err;
  }
}

/** Highest version number ever issued for the symbol (0 when none). */
export function highWaterMark(ctx: RegistryContext, symbol: string): number {
  return Math.max(recordedMark(ctx, symbol), ...listVersionNumbers(ctx, symbol), 0);
}

/** Raises state.json to at least `version` and to every existing version directory. */
export function recordHighWaterMark(ctx: RegistryContext, symbol: string, version: number): void {
  const target = Math.max(version, highWaterMark(ctx, symbol));
  if (target > recordedMark(ctx, symbol)) writeJsonAtomic(ctx.fs, ctx.layout.stateFile(symbol), { lastVersion: target });
}

function validateArtifact(symbol: string, artifact: ModelArtifact): void {
  const files = Object.keys(artifact.files ?? {});
  if (files.length === 0) throw new InvalidModelArtifactError(symbol, 'no model files');
  for (const rel of files) {
    checkModelFilePath(symbol, rel);
    if (!(artifact.files[rel] instanceof Uint8Array)) throw new InvalidModelArtifactError(symbol, `file "${rel}" is not a Uint8Array`);
  }
  const parsed = readStoredMetadata(artifact.metadata);
  if (!parsed.ok) throw new InvalidModelArtifactError(symbol, `metadata: ${parsed.problem}`);
  if (artifact.metadata.symbol !== symbol) {
    throw new InvalidModelArtifactError(symbol, `metadata.symbol is "${artifact.metadata.symbol}"`);
  }
}

/**
 * Writes a new version atomically and returns its number. Every file is written and fsynced
 * in a temp directory beside the versions; only the final rename makes `v<N>` appear, so a
 * crash at any point leaves either nothing visible or a complete, verified version.
 */
export function saveVersion(ctx: RegistryContext, symbol: string, artifact: ModelArtifact): LoadedModel {
  validateArtifact(symbol, artifact);
  const { fs, layout } = ctx;
  const symbolDir = layout.symbolDir(symbol);
  fs.mkdirSync(symbolDir, { recursive: true });
  const tmp = path.join(symbolDir, tempName('version'));
  fs.mkdirSync(tmp);
  try {
    for (const [rel, data] of Object.entries(artifact.files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const target = path.join(tmp, ...rel.split('/'));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      writeFileDurable(fs, target, data);
    }
    const registeredAt = ctx.now().toISOString();
    let version = highWaterMark(ctx, symbol) + 1;
    for (let attempt = 1; ; attempt++) {
      const metadata = { ...artifact.metadata, version, registeredAt };
      const metadataBytes = Buffer.from(`${JSON.stringify(metadata, null, 2)}\n`, 'utf8');
      writeFileDurable(fs, path.join(tmp, METADATA_FILE), metadataBytes);
      const checksums = buildChecksums({ ...artifact.files, [METADATA_FILE]: metadataBytes });
      writeFileDurable(fs, path.join(tmp, CHECKSUMS_FILE), `${JSON.stringify(checksums, null, 2)}\n`);
      for (const dir of new Set(Object.keys(artifact.files).map((rel) => path.dirname(path.join(tmp, ...rel.split('/')))))) {
        fsyncDir(fs, dir);
      }
      fsyncDir(fs, tmp);
      try {
        fs.renameSync(tmp, layout.versionDir(symbol, version));
      } catch (err) {
        // Another writer created v<N> first (rename onto a non-empty dir fails): take the next number.
        if (isErrno(err, 'ENOTEMPTY', 'EEXIST') && attempt < MAX_RENAME_ATTEMPTS) {
          version = Math.max(version, highWaterMark(ctx, symbol)) + 1;
          continue;
        }
        throw err;
      }
      fsyncDir(fs, symbolDir);
      recordHighWaterMark(ctx, symbol, version);
      return {
        symbol,
        version,
        files: { ...artifact.files },
        metadata,
        manifestDigest: checksums.manifest,
        dir: layout.versionDir(symbol, version),
      };
    }
  } catch (err) {
    // Best effort: a temp dir left behind by a crash is removed by cleanupTemp() instead.
    try {
      fs.rmSync(tmp, { recursive: true, force: true });
    } catch {
      /* leave it for cleanupTemp */
    }
    throw err;
  }
}

/** Reads a version, verifying every checksum first. */
export function loadVersion(ctx: RegistryContext, symbol: string, version: number): LoadedModel {
  const dir = ctx.layout.versionDir(symbol, version);
  if (!ctx.fs.existsSync(dir)) throw new ModelNotFoundError(symbol, `version ${version}`);
  return toLoadedModel(dir, readVerifiedFiles(ctx.fs, dir), symbol, version);
}

/**
 * Checksum-verified files of a version or a backup → a LoadedModel: metadata.json must parse,
 * match the schema and name the expected symbol and version, and model files must be there.
 * Every problem is a (permanent) ModelIntegrityError.
 */
export function toLoadedModel(
  dir: string, verified: { checksums: { manifest: string }; files: Record<string, Buffer> }, symbol: string, version: number,
): LoadedModel {
  const { checksums, files } = verified;
  const metaBytes = files[METADATA_FILE];
  const metaPath = path.join(dir, METADATA_FILE);
  if (!metaBytes) throw new ModelIntegrityError(metaPath, `${METADATA_FILE} is missing from checksums.json`);
  let metaRaw: unknown;
  try {
    metaRaw = JSON.parse(metaBytes.toString('utf8'));
  } catch (err) {
    throw new ModelIntegrityError(metaPath, `${METADATA_FILE} is not valid JSON`, { cause: err });
  }
  const parsed = readStoredMetadata(metaRaw);
  if (!parsed.ok) throw new ModelIntegrityError(metaPath, `${METADATA_FILE} is malformed: ${parsed.problem}`);
  const { metadata } = parsed;
  if (metadata.symbol !== symbol || metadata.version !== version) {
    throw new ModelIntegrityError(metaPath, `expected ${symbol} v${version}, actual ${metadata.symbol} v${String(metadata.version)} (directory moved or copied)`);
  }
  const modelFiles: Record<string, Uint8Array> = {};
  for (const [rel, data] of Object.entries(files)) if (rel !== METADATA_FILE) modelFiles[rel] = data;
  if (Object.keys(modelFiles).length === 0) throw new ModelIntegrityError(dir, 'no model files besides metadata');
  return { symbol, version, files: modelFiles, metadata: { ...metadata, version }, manifestDigest: checksums.manifest, dir };
}

export function verifyVersion(ctx: RegistryContext, symbol: string, version: number): IntegrityReport {
  try {
    loadVersion(ctx, symbol, version);
    return { ok: true, problems: [] };
  } catch (err) {
    if (err instanceof ModelIntegrityError || err instanceof ModelNotFoundError) return { ok: false, problems: [err.message] };
    throw err;
  }
}

/** Metadata without verification, for listings. Null when unreadable. */
export function peekMetadata(ctx: RegistryContext, symbol: string, version: number): StoredMetadata | null {
  try {
    const parsed = readStoredMetadata(readJsonFile(ctx.fs, path.join(ctx.layout.versionDir(symbol, version), METADATA_FILE)));
    return parsed.ok ? parsed.metadata : null;
  } catch {
    return null;
  }
}

/** Newest version that passes verification, skipping `exclude`; null when none does. */
export function findLatestHealthyVersion(
  ctx: RegistryContext,
  symbol: string,
  options: { exclude?: number[]; below?: number } = {},
): LoadedModel | null {
  const exclude = new Set(options.exclude ?? []);
  const candidates = listVersionNumbers(ctx, symbol)
    .filter((v) => !exclude.has(v) && (options.below === undefined || v < options.below))
    .reverse();
  for (const v of candidates) {
    try {
      return loadVersion(ctx, symbol, v);
    } catch (err) {
      if (!(err instanceof ModelIntegrityError)) throw err;
    }
  }
  return null;
}

/**
 * The newest version whose metadata carries `idempotencyKey` and that verifies: the version an
 * earlier attempt of the same job already saved (e.g. its completion was lost). Null when none.
 */
export function findVersionByIdempotencyKey(ctx: RegistryContext, symbol: string, idempotencyKey: string): LoadedModel | null {
  for (const v of listVersionNumbers(ctx, symbol).reverse()) {
    if (peekMetadata(ctx, symbol, v)?.idempotencyKey !== idempotencyKey) continue;
    try {
      return loadVersion(ctx, symbol, v);
    } catch (err) {
      if (!(err instanceof ModelIntegrityError)) throw err;
    }
  }
  return null;
}
