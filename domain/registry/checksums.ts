/**
 * sha256 per file plus a manifest digest over all of them. `verifyStoredFiles` is the single
 * gate every read of a version or backup passes, whichever storage it came from: nothing
 * unverified leaves the registry.
 */
import { z } from 'zod';
import { ModelIntegrityError } from '../../common/errors.js';
import { sha256 } from '../../common/node/sha256.js';
import { CHECKSUMS_FILE } from './layout.js';
import type { RegistryStorage, StoredFiles } from './storage.js';
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

/** Parses and validates stored checksums.json bytes; anything missing or malformed is a ModelIntegrityError. */
export function parseChecksums(bytes: Uint8Array | null, file: string): ChecksumFile {
  if (bytes === null) throw new ModelIntegrityError(file, 'checksums.json is missing');
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (err) {
    throw new ModelIntegrityError(file, 'checksums.json is not valid JSON', { cause: err });
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
 * Verifies a stored version's or backup's files against its checksums.json and returns the
 * verified bytes. Throws ModelIntegrityError naming the file and expected/actual on the first
 * problem: a missing or malformed checksums.json, a file without a checksum, a missing file, a
 * size or hash mismatch.
 */
export function verifyStoredFiles(storage: RegistryStorage, stored: StoredFiles): { checksums: ChecksumFile; files: Record<string, Uint8Array> } {
  const checksums = parseChecksums(stored.checksums, storage.fileLocation(stored, CHECKSUMS_FILE));
  const firstUnlisted = Object.keys(stored.files).sort().find((rel) => !(rel in checksums.files));
  if (firstUnlisted !== undefined) {
    throw new ModelIntegrityError(storage.fileLocation(stored, firstUnlisted), `${firstUnlisted} has no checksum in checksums.json`);
  }
  const files: Record<string, Uint8Array> = {};
  for (const [rel, expected] of Object.entries(checksums.files)) {
    const file = storage.fileLocation(stored, rel);
    const data = stored.files[rel];
    if (data === undefined) throw new ModelIntegrityError(file, `${rel} is missing (expected sha256 ${expected.sha256}, ${expected.bytes} bytes)`);
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
