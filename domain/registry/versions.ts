/**
 * Numbered versions over the storage: validated save (the storage makes it visible only
 * complete, under a number never issued before), verified load, listing and health checks.
 */
import { z } from 'zod';
import { ModelIntegrityError } from '../../common/errors.js';
import { assertSymbol } from '../../common/symbol.js';
import { buildChecksums, verifyStoredFiles } from './checksums.js';
import type { RegistryContext } from './context.js';
import { InvalidModelArtifactError, ModelNotFoundError } from './errors.js';
import { CHECKSUMS_FILE, METADATA_FILE, checkModelFilePath, invalidSymbol } from './layout.js';
import { readModelMetadata } from '../engine/metadata-schema.js';
import type { StoredFiles } from './storage.js';
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

export function listVersionNumbers(ctx: RegistryContext, symbol: string): number[] {
  assertSymbol(symbol, invalidSymbol(symbol));
  return ctx.storage.listVersionNumbers(symbol);
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
 * Validates and stores a new version: the model files, metadata.json (the engine's metadata
 * plus `version` and `registeredAt`) and checksums.json over all of them. The storage makes it
 * visible only complete, under a number never issued before.
 */
export function saveVersion(ctx: RegistryContext, symbol: string, artifact: ModelArtifact): LoadedModel {
  validateArtifact(symbol, artifact);
  const registeredAt = ctx.now().toISOString();
  const seals = new Map<number, { metadata: StoredMetadata & { version: number }; manifest: string }>();
  const { version, location } = ctx.storage.createVersion(symbol, artifact.files, (number) => {
    const metadata = { ...artifact.metadata, version: number, registeredAt };
    const metadataBytes = Buffer.from(`${JSON.stringify(metadata, null, 2)}\n`, 'utf8');
    const checksums = buildChecksums({ ...artifact.files, [METADATA_FILE]: metadataBytes });
    seals.set(number, { metadata, manifest: checksums.manifest });
    return { [METADATA_FILE]: metadataBytes, [CHECKSUMS_FILE]: Buffer.from(`${JSON.stringify(checksums, null, 2)}\n`, 'utf8') };
  });
  const sealed = seals.get(version);
  if (!sealed) throw new Error(`registry storage stored ${symbol} v${version} without sealing that number`);
  return { symbol, version, files: { ...artifact.files }, metadata: sealed.metadata, manifestDigest: sealed.manifest, dir: location };
}

/** Reads a version, verifying every checksum first. */
export function loadVersion(ctx: RegistryContext, symbol: string, version: number): LoadedModel {
  assertSymbol(symbol, invalidSymbol(symbol));
  const stored = ctx.storage.readVersion(symbol, version);
  if (!stored) throw new ModelNotFoundError(symbol, `version ${version}`);
  return toLoadedModel(ctx, stored, verifyStoredFiles(ctx.storage, stored), symbol, version);
}

/**
 * Every stored file of a version after verification — the model files, metadata.json and
 * checksums.json exactly as stored — for a copy outside the registry (`stockflow export`).
 */
export function readVersionFiles(ctx: RegistryContext, symbol: string, version: number): Record<string, Uint8Array> {
  assertSymbol(symbol, invalidSymbol(symbol));
  const stored = ctx.storage.readVersion(symbol, version);
  if (!stored) throw new ModelNotFoundError(symbol, `version ${version}`);
  const verified = verifyStoredFiles(ctx.storage, stored);
  toLoadedModel(ctx, stored, verified, symbol, version);
  return { ...verified.files, [CHECKSUMS_FILE]: stored.checksums! }; // verified above: present
}

/**
 * Checksum-verified files of a version or a backup → a LoadedModel: metadata.json must parse,
 * match the schema and name the expected symbol and version, and model files must be there.
 * Every problem is a (permanent) ModelIntegrityError.
 */
export function toLoadedModel(
  ctx: RegistryContext, stored: StoredFiles, verified: { checksums: { manifest: string }; files: Record<string, Uint8Array> }, symbol: string, version: number,
): LoadedModel {
  const { checksums, files } = verified;
  const metaBytes = files[METADATA_FILE];
  const metaPath = ctx.storage.fileLocation(stored, METADATA_FILE);
  if (!metaBytes) throw new ModelIntegrityError(metaPath, `${METADATA_FILE} is missing from checksums.json`);
  let metaRaw: unknown;
  try {
    metaRaw = JSON.parse(Buffer.from(metaBytes).toString('utf8'));
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
  if (Object.keys(modelFiles).length === 0) throw new ModelIntegrityError(stored.location, 'no model files besides metadata');
  return { symbol, version, files: modelFiles, metadata: { ...metadata, version }, manifestDigest: checksums.manifest, dir: stored.location };
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
    const bytes = ctx.storage.readVersionMetadata(symbol, version);
    if (!bytes) return null;
    const parsed = readStoredMetadata(JSON.parse(Buffer.from(bytes).toString('utf8')));
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
  assertSymbol(symbol, invalidSymbol(symbol));
  for (const v of ctx.storage.versionsWithIdempotencyKey(symbol, idempotencyKey).reverse()) {
    try {
      return loadVersion(ctx, symbol, v);
    } catch (err) {
      if (!(err instanceof ModelIntegrityError)) throw err;
    }
  }
  return null;
}
