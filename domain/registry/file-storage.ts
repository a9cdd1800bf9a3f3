/**
 * The embedded registry storage: directories under `<dataDir>/models` (layout.ts), written like
 * this — a version or backup goes into a temp dir beside the others, every file and the dir are
 * fsynced, then one rename makes it appear; single files (champion pointer, state.json) are temp
 * file + fsync + rename; the audit log is an O_APPEND + fsync line. The exclusive section is
 * proper-lockfile's `<SYMBOL>/.lock` (lock.ts), across processes on this machine.
 */
import path from 'node:path';
import { z } from 'zod';
import { SYMBOL_PATTERN } from '../../common/constants.js';
import {
  type RegistryFs, appendLineDurable, defaultFs, fsyncDir, isErrno, listFilesRecursive, readJsonFile, readdirOrEmpty, removeDirViaTemp,
  writeFileDurable, writeJsonAtomic,
} from './fs-ops.js';
import {
  BACKUP_RECORD_FILE, CHECKSUMS_FILE, METADATA_FILE, RegistryLayout, TEMP_PREFIX, parseBackupId, parseVersionDir, tempName,
} from './layout.js';
import { withSymbolLock } from './lock.js';
import type { RegistryStorage, SealVersion, StoredBackup, StoredDocument, StoredFiles } from './storage.js';
import type { ChampionPointer, CleanupResult } from './types.js';

export interface FileRegistryStorageOptions {
  /** Directory holding one folder per symbol, e.g. `<dataDir>/models`. */
  root: string;
  /** Where backups go; default `<root>/../backups`. */
  backupsRoot?: string;
  /** File-system calls; tests inject faults here. */
  fs?: RegistryFs;
}

const stateSchema = z.object({ lastVersion: z.number().int().nonnegative() });

/** Attempts at a fresh number when another writer took ours between listing and rename. */
const MAX_RENAME_ATTEMPTS = 50;

export class FileRegistryStorage implements RegistryStorage {
  readonly layout: RegistryLayout;
  private readonly fs: RegistryFs;

  constructor(options: FileRegistryStorageOptions) {
    const root = path.resolve(options.root);
    this.layout = new RegistryLayout(root, path.resolve(options.backupsRoot ?? path.join(root, '..', 'backups')));
    this.fs = options.fs ?? defaultFs;
  }

  get location(): string {
    return this.layout.root;
  }

  get backupsLocation(): string {
    return this.layout.backupsRoot;
  }

  fileLocation(stored: StoredFiles, rel: string): string {
    return path.join(stored.location, ...rel.split('/'));
  }

  listSymbols(): string[] {
    return readdirOrEmpty(this.fs, this.layout.root).filter((n) => SYMBOL_PATTERN.test(n)).sort();
  }

  listVersionNumbers(symbol: string): number[] {
    return readdirOrEmpty(this.fs, this.layout.symbolDir(symbol))
      .map(parseVersionDir)
      .filter((v): v is number => v !== null)
      .sort((a, b) => a - b);
  }

  readVersion(symbol: string, version: number): StoredFiles | null {
    const dir = this.layout.versionDir(symbol, version);
    return this.fs.existsSync(dir) ? this.readDir(dir) : null;
  }

  readVersionMetadata(symbol: string, version: number): Uint8Array | null {
    try {
      return this.fs.readFileSync(path.join(this.layout.versionDir(symbol, version), METADATA_FILE));
    } catch (err) {
      if (isErrno(err, 'ENOENT', 'ENOTDIR')) return null;
      throw err;
    }
  }

  versionsWithIdempotencyKey(symbol: string, key: string): number[] {
    return this.listVersionNumbers(symbol).filter((v) => {
      const bytes = this.readVersionMetadata(symbol, v);
      if (!bytes) return false;
      try {
        return (JSON.parse(Buffer.from(bytes).toString('utf8')) as { idempotencyKey?: unknown }).idempotencyKey === key;
      } catch {
        return false;
      }
    });
  }

  createVersion(symbol: string, modelFiles: Record<string, Uint8Array>, seal: SealVersion): { version: number; location: string } {
    const { fs, layout } = this;
    const symbolDir = layout.symbolDir(symbol);
    fs.mkdirSync(symbolDir, { recursive: true });
    const tmp = path.join(symbolDir, tempName('version'));
    fs.mkdirSync(tmp);
    try {
      this.writeFiles(tmp, modelFiles);
      let version = this.highWaterMark(symbol) + 1;
      for (let attempt = 1; ; attempt++) {
        this.writeFiles(tmp, seal(version));
        fsyncDir(fs, tmp);
        try {
          fs.renameSync(tmp, layout.versionDir(symbol, version));
        } catch (err) {
          // Another writer created v<N> first (rename onto a non-empty dir fails): take the next number.
          if (isErrno(err, 'ENOTEMPTY', 'EEXIST') && attempt < MAX_RENAME_ATTEMPTS) {
            version = Math.max(version, this.highWaterMark(symbol)) + 1;
            continue;
          }
          throw err;
        }
        fsyncDir(fs, symbolDir);
        this.recordHighWaterMark(symbol, version);
        return { version, location: layout.versionDir(symbol, version) };
      }
    } catch (err) {
      this.removeQuietly(tmp);
      throw err;
    }
  }

  deleteVersions(symbol: string, versions: number[]): void {
    // Record the high-water mark before deleting, so numbers of deleted versions are never reissued.
    this.recordHighWaterMark(symbol, 0);
    for (const v of versions) removeDirViaTemp(this.fs, this.layout.symbolDir(symbol), `v${v}`);
  }

  readChampion(symbol: string): StoredDocument | null {
    const file = this.layout.championFile(symbol);
    try {
      return { location: file, text: this.fs.readFileSync(file, 'utf8') };
    } catch (err) {
      if (isErrno(err, 'ENOENT')) return null;
      throw err;
    }
  }

  writeChampion(symbol: string, pointer: ChampionPointer): void {
    writeJsonAtomic(this.fs, this.layout.championFile(symbol), pointer);
  }

  championLocation(symbol: string): string {
    return this.layout.championFile(symbol);
  }

  appendAudit(symbol: string, entry: object): void {
    const file = this.layout.auditFile(symbol);
    // If a crash tore the last line, start on a fresh line so this entry stays readable.
    let prefix = '';
    try {
      const existing = this.fs.readFileSync(file);
      if (existing.byteLength > 0 && existing[existing.byteLength - 1] !== 0x0a) prefix = '\n';
    } catch (err) {
      if (!isErrno(err, 'ENOENT')) throw err;
    }
    appendLineDurable(this.fs, file, prefix + JSON.stringify(entry));
  }

  readAudit(symbol: string): Array<{ position: number; text: string }> {
    let text: string;
    try {
      text = this.fs.readFileSync(this.layout.auditFile(symbol), 'utf8');
    } catch (err) {
      if (isErrno(err, 'ENOENT')) return [];
      throw err;
    }
    return text.split('\n').map((line, i) => ({ position: i + 1, text: line })).filter((l) => l.text.trim() !== '');
  }

  createBackup(symbol: string, idFor: (collision: number) => string, files: Record<string, Uint8Array>, record: object): { id: string; location: string } {
    const { fs, layout } = this;
    const dir = layout.symbolBackupsDir(symbol);
    fs.mkdirSync(dir, { recursive: true });
    const tmp = path.join(dir, tempName('backup'));
    fs.mkdirSync(tmp);
    try {
      this.writeFiles(tmp, { ...files, [BACKUP_RECORD_FILE]: Buffer.from(`${JSON.stringify(record, null, 2)}\n`, 'utf8') });
      fsyncDir(fs, tmp);
      for (let collision = 0; ; collision++) {
        const id = idFor(collision);
        try {
          fs.renameSync(tmp, layout.backupDir(symbol, id));
        } catch (err) {
          if (isErrno(err, 'ENOTEMPTY', 'EEXIST') && collision < 100) continue;
          throw err;
        }
        fsyncDir(fs, dir);
        return { id, location: layout.backupDir(symbol, id) };
      }
    } catch (err) {
      this.removeQuietly(tmp);
      throw err;
    }
  }

  listBackupIds(symbol: string): string[] {
    return readdirOrEmpty(this.fs, this.layout.symbolBackupsDir(symbol)).filter((id) => parseBackupId(id)).sort();
  }

  readBackupRecord(symbol: string, id: string): Uint8Array | null {
    try {
      return this.fs.readFileSync(path.join(this.layout.backupDir(symbol, id), BACKUP_RECORD_FILE));
    } catch (err) {
      if (isErrno(err, 'ENOENT', 'ENOTDIR')) return null;
      throw err;
    }
  }

  readBackup(symbol: string, id: string): StoredBackup | null {
    const dir = this.layout.backupDir(symbol, id);
    if (!this.fs.existsSync(dir)) return null;
    const stored = this.readDir(dir);
    const record = stored.files[BACKUP_RECORD_FILE] ?? null;
    delete stored.files[BACKUP_RECORD_FILE];
    return { record, stored };
  }

  backupLocation(symbol: string, id: string): string {
    return this.layout.backupDir(symbol, id);
  }

  deleteBackups(symbol: string, ids: string[]): void {
    for (const id of ids) removeDirViaTemp(this.fs, this.layout.symbolBackupsDir(symbol), id);
  }

  withExclusive<T>(symbol: string, fn: () => T, timeoutMs?: number): T {
    return withSymbolLock(this.layout.symbolDir(symbol), symbol, fn, { timeoutMs });
  }

  /**
   * Removes `.tmp-*` entries under every symbol and backup folder whose mtime is older than
   * `olderThanMs` (wall clock: mtimes are wall-clock times), and every unfinished delete.
   */
  cleanupTemp(olderThanMs: number): CleanupResult {
    const removed: string[] = [];
    const symbols = new Set([...this.listSymbols(), ...readdirOrEmpty(this.fs, this.layout.backupsRoot)]);
    for (const symbol of [...symbols].filter((n) => SYMBOL_PATTERN.test(n))) {
      for (const parent of [this.layout.symbolDir(symbol), this.layout.symbolBackupsDir(symbol)]) {
        for (const name of readdirOrEmpty(this.fs, parent)) {
          if (!name.startsWith(TEMP_PREFIX)) continue;
          const full = path.join(parent, name);
          try {
            const ageMs = Date.now() - this.fs.statSync(full).mtimeMs;
            // A "deleting-" temp is a rename-then-delete that did not finish: always safe to finish.
            if (ageMs < olderThanMs && !name.startsWith(`${TEMP_PREFIX}deleting-`)) continue;
            this.fs.rmSync(full, { recursive: true, force: true });
            removed.push(full);
          } catch (err) {
            if (!isErrno(err, 'ENOENT')) throw err; // removed by someone else meanwhile
          }
        }
      }
    }
    return { removed };
  }

  close(): void {
    // Nothing held open between calls.
  }

  /** Every file of a version or backup directory; checksums.json apart. */
  private readDir(dir: string): StoredFiles {
    const files: Record<string, Uint8Array> = {};
    let checksums: Uint8Array | null = null;
    for (const rel of listFilesRecursive(this.fs, dir)) {
      const bytes = this.fs.readFileSync(path.join(dir, ...rel.split('/')));
      if (rel === CHECKSUMS_FILE) checksums = bytes;
      else files[rel] = bytes;
    }
    return { location: dir, checksums, files };
  }

  /** Writes and fsyncs files (sorted, so the order is deterministic), then their directories. */
  private writeFiles(dir: string, files: Record<string, Uint8Array>): void {
    const dirs = new Set<string>();
    for (const [rel, data] of Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const target = path.join(dir, ...rel.split('/'));
      this.fs.mkdirSync(path.dirname(target), { recursive: true });
      writeFileDurable(this.fs, target, data);
      dirs.add(path.dirname(target));
    }
    for (const d of dirs) if (d !== dir) fsyncDir(this.fs, d);
  }

  private removeQuietly(dir: string): void {
    // Best effort: a temp dir left behind by a crash is removed by cleanupTemp() instead.
    try {
      this.fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      /* leave it for cleanupTemp */
    }
  }

  /** The number recorded in state.json (0 when missing or unreadable: rebuilt from the directories). */
  private recordedMark(symbol: string): number {
    try {
      const parsed = stateSchema.safeParse(readJsonFile(this.fs, this.layout.stateFile(symbol)));
      return parsed.success ? parsed.data.lastVersion : 0;
    } catch (err) {
      if (isErrno(err, 'ENOENT') || err instanceof SyntaxError) return 0;
      throw err;
    }
  }

  /** Highest version number ever issued for the symbol (0 when none). */
  private highWaterMark(symbol: string): number {
    return Math.max(this.recordedMark(symbol), ...this.listVersionNumbers(symbol), 0);
  }

  /** Raises state.json to at least `version` and to every existing version directory. */
  private recordHighWaterMark(symbol: string, version: number): void {
    const target = Math.max(version, this.highWaterMark(symbol));
    if (target > this.recordedMark(symbol)) writeJsonAtomic(this.fs, this.layout.stateFile(symbol), { lastVersion: target });
  }
}
