/**
 * sha256 per file plus a manifest digest over all of them. `verifyChecksums` is the single
 * gate every read of a version or backup passes: nothing unverified leaves the registry.
 */
import path from 'node:path';
import { z } from 'zod';
import { ModelIntegrityError } from '../../common/errors.js';
import { sha256 } from '../../common/node/sha256.js';
import { type RegistryFs, isErrno, listFilesRecursive } from './fs-ops.js';
import { CHECKSUMS_FILE } from './layout.js';
import type { ChecksumFile } from './types.js';

export function manifestDigest(files: ChecksumFile['files']): string {
  const lines = Object.entries(files)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([rel, { sha256: digest, bytes }]) => `${rel}\0${digest}\0${bytes}\n`);
  return sha256(lines.join(''));
}

/** Builds checksums.json for the given files (paths relative to the version dir). */
export function buildChecksums(files: Record<string, Uint8Array>): ChecksumFile {
  const entries: ChecksumFile['files'] = {};
  for (const [rel, data] of Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    entries[rel] = { sha256: sha256(data), bytes: data.byteLength };
  }
  return { algorithm: 'sha256', files: entries, manifest: manifestDigest(entries) };
}

const checksumFileSchema = z.object({
  algorithm: z.literal('sha256'),
  files: z.record(z.string(), z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int().nonnegative() })),
  manifest: z.string().regex(/^[0-9a-f]{64}$/),
});

/** Reads and validates checksums.json; anything missing or malformed is a ModelIntegrityError. */
export function readChecksums(fs: RegistryFs, dir: string): ChecksumFile {
  const file = path.join(dir, CHECKSUMS_FILE);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    const why = isErrno(err, 'ENOENT') ? 'checksums.json is missing' : 'checksums.json is not valid JSON';
    throw new ModelIntegrityError(file, why, { cause: err });
  }
  const parsed = checksumFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ModelIntegrityError(file, `checksums.json is malformed: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const recomputed = manifestDigest(parsed.data.files);
  if (recomputed !== parsed.data.manifest) {
    throw new ModelIntegrityError(file, `manifest digest mismatch: expected ${parsed.data.manifest}, actual ${recomputed} (checksums.json was edited)`);
  }
  return parsed.data;
}

/**
 * Verifies every file in `dir` against checksums.json and returns the verified bytes.
 * Throws ModelIntegrityError naming the file and expected/actual on the first problem:
 * a missing file, a file without a checksum, a size or hash mismatch.
 */
export function readVerifiedFiles(
  fs: RegistryFs,
  dir: string,
  /** Files that live beside the model but outside its checksums (a backup's backup.json). */
  ignore: ReadonlySet<string> = new Set(),
): { checksums: ChecksumFile; files: Record<string, Buffer> } {
  const checksums = readChecksums(fs, dir);
  const onDisk = listFilesRecursive(fs, dir).filter((rel) => rel !== CHECKSUMS_FILE && !ignore.has(rel));
  const unlisted = onDisk.filter((rel) => !(rel in checksums.files));
  const [firstUnlisted] = unlisted;
  if (firstUnlisted !== undefined) {
    throw new ModelIntegrityError(path.join(dir, firstUnlisted), `${firstUnlisted} has no checksum in checksums.json`);
  }
  const files: Record<string, Buffer> = {};
  for (const [rel, expected] of Object.entries(checksums.files)) {
    const file = path.join(dir, rel);
    let data: Buffer;
    try {
      data = fs.readFileSync(file);
    } catch (err) {
      throw new ModelIntegrityError(file, `${rel} is missing (expected sha256 ${expected.sha256}, ${expected.bytes} bytes)`, { cause: err });
    }
    const actual = sha256(data);
    if (data.byteLength !== expected.bytes || actual !== expected.sha256) {
      throw new ModelIntegrityError(
        file,
        `${rel}: expected sha256 ${expected.sha256} (${expected.bytes} bytes), actual ${actual} (${data.byteLength} bytes)`,
      );
    }
    files[rel] = data;
  }
  return { checksums, files };
}
