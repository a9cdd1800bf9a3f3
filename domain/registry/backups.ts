/**
 * Backups of champions: a verified copy of a version (its files, metadata.json and
 * checksums.json verbatim) plus a record (`backup.json`: symbol, version, time, reason,
 * manifest digest), stored complete or not at all by the storage
 * (`<backupsRoot>/<SYMBOL>/<stamp>-v<N>/`, or the backups tables).
 */
import { z } from 'zod';
import { ModelIntegrityError } from '../../common/errors.js';
import { assertSymbol } from '../../common/symbol.js';
import { buildChecksums, verifyStoredFiles } from './checksums.js';
import type { RegistryContext } from './context.js';
import { ModelNotFoundError } from './errors.js';
import { BACKUP_RECORD_FILE, CHECKSUMS_FILE, METADATA_FILE, backupId, invalidSymbol, parseBackupId } from './layout.js';
import { loadVersion, toLoadedModel } from './versions.js';
import type { BackupInfo, BackupRecord, LoadedModel } from './types.js';

const recordSchema = z.object({
  symbol: z.string(),
  version: z.number().int().positive(),
  at: z.string(),
  reason: z.string(),
  manifestDigest: z.string(),
});

/** Copies a (verified) version into a new backup and returns its description. */
export function backupVersion(ctx: RegistryContext, symbol: string, version: number, reason: string): BackupInfo {
  const model = loadVersion(ctx, symbol, version);
  // The version's own checksums.json and metadata.json are copied verbatim, so the backup
  // verifies exactly like the version did.
  const source = ctx.storage.readVersion(symbol, version);
  const metadataBytes = source?.files[METADATA_FILE];
  if (!source?.checksums || !metadataBytes) throw new ModelIntegrityError(model.dir, 'disappeared while being backed up');
  // Re-check what we are about to copy against the manifest we verified a moment ago.
  const copied = buildChecksums({ ...model.files, [METADATA_FILE]: metadataBytes });
  if (copied.manifest !== model.manifestDigest) {
    throw new ModelIntegrityError(model.dir, `changed while being backed up: expected manifest ${model.manifestDigest}, actual ${copied.manifest}`);
  }
  const at = ctx.now();
  const record: BackupRecord = { symbol, version, at: at.toISOString(), reason, manifestDigest: model.manifestDigest };
  const files = { ...model.files, [METADATA_FILE]: metadataBytes, [CHECKSUMS_FILE]: source.checksums };
  const { id, location } = ctx.storage.createBackup(symbol, (collision) => backupId(at, version, collision), files, record);
  return { id, ...record, dir: location };
}

/** Backups of a symbol, oldest first. Backups without a readable record are skipped. */
export function listBackups(ctx: RegistryContext, symbol: string): BackupInfo[] {
  assertSymbol(symbol, invalidSymbol(symbol));
  const out: BackupInfo[] = [];
  for (const id of ctx.storage.listBackupIds(symbol)) {
    const info = readBackupInfo(ctx, symbol, id, ctx.storage.readBackupRecord(symbol, id));
    if (info) out.push(info);
  }
  return out;
}

function readBackupInfo(ctx: RegistryContext, symbol: string, id: string, record: Uint8Array | null): BackupInfo | null {
  if (!record) return null;
  try {
    const parsed = recordSchema.safeParse(JSON.parse(Buffer.from(record).toString('utf8')));
    return parsed.success ? { id, ...parsed.data, dir: ctx.storage.backupLocation(symbol, id) } : null;
  } catch {
    return null;
  }
}

/** Reads a backup, verifying every checksum (the same gate as a version). */
export function loadBackup(ctx: RegistryContext, symbol: string, id: string): { info: BackupInfo; model: LoadedModel } {
  assertSymbol(symbol, invalidSymbol(symbol));
  if (!parseBackupId(id)) throw new ModelNotFoundError(symbol, `backup "${id}"`);
  const backup = ctx.storage.readBackup(symbol, id);
  if (!backup) throw new ModelNotFoundError(symbol, `backup "${id}"`);
  const info = readBackupInfo(ctx, symbol, id, backup.record);
  if (!info) throw new ModelIntegrityError(ctx.storage.fileLocation(backup.stored, BACKUP_RECORD_FILE), 'backup.json is missing or malformed');
  const verified = verifyStoredFiles(ctx.storage, backup.stored);
  if (verified.checksums.manifest !== info.manifestDigest) {
    throw new ModelIntegrityError(backup.stored.location, `expected manifest ${info.manifestDigest}, actual ${verified.checksums.manifest}`);
  }
  // The same checks as a version's (valid metadata naming this symbol and version).
  return { info, model: toLoadedModel(ctx, backup.stored, verified, symbol, info.version) };
}

/** Deletes all but the newest `keep` backups of a symbol; returns the deleted ids. */
export function pruneBackups(ctx: RegistryContext, symbol: string, keep: number): string[] {
  const ids = ctx.storage.listBackupIds(symbol);
  const doomed = ids.slice(0, Math.max(0, ids.length - keep));
  ctx.storage.deleteBackups(symbol, doomed);
  return doomed;
}
