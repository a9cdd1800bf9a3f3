/**
 * Backups of champions: `<backupsRoot>/<SYMBOL>/<stamp>-v<N>/` holds a verified copy of the
 * version directory plus `backup.json`. Written like versions: temp dir, fsync, rename.
 */
import path from 'node:path';
import { z } from 'zod';
import { ModelIntegrityError } from '../../common/errors.js';
import { buildChecksums, readVerifiedFiles } from './checksums.js';
import type { RegistryContext } from './context.js';
import { ModelNotFoundError } from './errors.js';
import { fsyncDir, isErrno, readdirOrEmpty, readJsonFile, removeDirViaTemp, writeFileDurable } from './fs-ops.js';
import { BACKUP_RECORD_FILE, CHECKSUMS_FILE, METADATA_FILE, backupId, parseBackupId, tempName } from './layout.js';
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
  const { fs, layout } = ctx;
  const dir = layout.symbolBackupsDir(symbol);
  fs.mkdirSync(dir, { recursive: true });
  const at = ctx.now();
  const record: BackupRecord = { symbol, version, at: at.toISOString(), reason, manifestDigest: model.manifestDigest };
  const tmp = path.join(dir, tempName('backup'));
  fs.mkdirSync(tmp);
  try {
    // The version's own checksums.json and metadata.json are copied verbatim, so the backup
    // verifies exactly like the version did.
    const source = ctx.layout.versionDir(symbol, version);
    const bytes: Record<string, Uint8Array> = {
      ...model.files,
      [METADATA_FILE]: fs.readFileSync(path.join(source, METADATA_FILE)),
      [CHECKSUMS_FILE]: fs.readFileSync(path.join(source, CHECKSUMS_FILE)),
    };
    // Re-check what we are about to copy against the manifest we verified a moment ago.
    const copied = buildChecksums({ ...model.files, [METADATA_FILE]: bytes[METADATA_FILE]! }); // set just above
    if (copied.manifest !== model.manifestDigest) {
      throw new ModelIntegrityError(source, `changed while being backed up: expected manifest ${model.manifestDigest}, actual ${copied.manifest}`);
    }
    for (const [rel, data] of Object.entries(bytes)) {
      const target = path.join(tmp, ...rel.split('/'));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      writeFileDurable(fs, target, data);
    }
    writeFileDurable(fs, path.join(tmp, BACKUP_RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
    fsyncDir(fs, tmp);
    for (let collision = 0; ; collision++) {
      const id = backupId(at, version, collision);
      try {
        fs.renameSync(tmp, layout.backupDir(symbol, id));
      } catch (err) {
        if (isErrno(err, 'ENOTEMPTY', 'EEXIST') && collision < 100) continue;
        throw err;
      }
      fsyncDir(fs, dir);
      return { id, ...record, dir: layout.backupDir(symbol, id) };
    }
  } catch (err) {
    try {
      fs.rmSync(tmp, { recursive: true, force: true });
    } catch {
      /* cleanupTemp() will get it */
    }
    throw err;
  }
}

/** Backups of a symbol, oldest first. Directories without a readable backup.json are skipped. */
export function listBackups(ctx: RegistryContext, symbol: string): BackupInfo[] {
  const out: BackupInfo[] = [];
  for (const id of readdirOrEmpty(ctx.fs, ctx.layout.symbolBackupsDir(symbol)).sort()) {
    if (!parseBackupId(id)) continue;
    const info = readBackupInfo(ctx, symbol, id);
    if (info) out.push(info);
  }
  return out;
}

function readBackupInfo(ctx: RegistryContext, symbol: string, id: string): BackupInfo | null {
  const dir = ctx.layout.backupDir(symbol, id);
  try {
    const parsed = recordSchema.safeParse(readJsonFile(ctx.fs, path.join(dir, BACKUP_RECORD_FILE)));
    return parsed.success ? { id, ...parsed.data, dir } : null;
  } catch {
    return null;
  }
}

/** Reads a backup, verifying every checksum (the same gate as a version). */
export function loadBackup(ctx: RegistryContext, symbol: string, id: string): { info: BackupInfo; model: LoadedModel } {
  if (!parseBackupId(id)) throw new ModelNotFoundError(symbol, `backup "${id}"`);
  const dir = ctx.layout.backupDir(symbol, id);
  if (!ctx.fs.existsSync(dir)) throw new ModelNotFoundError(symbol, `backup "${id}"`);
  const info = readBackupInfo(ctx, symbol, id);
  if (!info) throw new ModelIntegrityError(path.join(dir, BACKUP_RECORD_FILE), 'backup.json is missing or malformed');
  const { checksums, files } = readVerifiedFiles(ctx.fs, dir, new Set([BACKUP_RECORD_FILE]));
  if (checksums.manifest !== info.manifestDigest) {
    throw new ModelIntegrityError(dir, `expected manifest ${info.manifestDigest}, actual ${checksums.manifest}`);
  }
  // The same checks as a version's (valid metadata naming this symbol and version).
  return { info, model: toLoadedModel(dir, { checksums, files }, symbol, info.version) };
}

/** Deletes all but the newest `keep` backups of a symbol; returns the deleted ids. */
export function pruneBackups(ctx: RegistryContext, symbol: string, keep: number): string[] {
  const ids = ctx.fs.existsSync(ctx.layout.symbolBackupsDir(symbol))
    ? ctx.fs.readdirSync(ctx.layout.symbolBackupsDir(symbol)).filter((id) => parseBackupId(id)).sort()
    : [];
  const doomed = ids.slice(0, Math.max(0, ids.length - keep));
  for (const id of doomed) removeDirViaTemp(ctx.fs, ctx.layout.symbolBackupsDir(symbol), id);
  return doomed;
}
