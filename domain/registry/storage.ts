/**
 * The registry's storage interface: what the registry logic (versions, champion, audit,
 * backups, retention — all checks, numbering rules and decisions) needs from where the bytes
 * live. Two implementations: `FileRegistryStorage` (directories under `<dataDir>/models`, the
 * embedded default) and `PostgresRegistryStorage` (tables shared by every machine).
 *
 * A storage moves bytes and never judges them: it returns what is stored, unverified, and the
 * registry verifies every checksum (checksums.ts). Its promises:
 *  - a version or backup becomes visible complete or not at all;
 *  - version numbers are never reused for a symbol, also after deletion;
 *  - `withExclusive(symbol, fn)` runs `fn` while no other holder (any process, any machine)
 *    runs an exclusive section of that symbol; writes inside it are applied together or (when
 *    `fn` throws, for a storage with transactions) not at all.
 * Everything is synchronous: the registry's callers are.
 */
import type { ChampionPointer, CleanupResult } from './types.js';

/** A version's or a backup's stored bytes, as read (not verified). */
export interface StoredFiles {
  /** Where it lives, for messages and `LoadedModel.dir`: a directory, or a `postgres://…#…` locator. */
  location: string;
  /** checksums.json as stored; null when it is missing. */
  checksums: Uint8Array | null;
  /** Every other stored file (model files and metadata.json) by forward-slash relative path. */
  files: Record<string, Uint8Array>;
}

/** The registry-written files of a version for a given number: metadata.json and checksums.json. */
export type SealVersion = (version: number) => Record<string, Uint8Array>;

/** A stored backup: its record (backup.json) and its files. */
export interface StoredBackup {
  /** backup.json as stored; null when missing. */
  record: Uint8Array | null;
  stored: StoredFiles;
}

export interface StoredDocument {
  /** Where it lives (a file path, or a locator). */
  location: string;
  text: string;
}

export interface RegistryStorage {
  /** Human-readable place of the versions (a directory, or the database URL without password). */
  readonly location: string;
  /** Human-readable place of the backups. */
  readonly backupsLocation: string;
  /** `location`/`rel` for a file of a stored version or backup: the path ModelIntegrityError names. */
  fileLocation(stored: StoredFiles, rel: string): string;

  listSymbols(): string[];
  /** Version numbers of a symbol, ascending. */
  listVersionNumbers(symbol: string): number[];
  /** The version's bytes; null when there is no such version. */
  readVersion(symbol: string, version: number): StoredFiles | null;
  /** The version's metadata.json bytes without reading the rest; null when missing. */
  readVersionMetadata(symbol: string, version: number): Uint8Array | null;
  /** Versions whose stored metadata carries this idempotency key, ascending (unverified). */
  versionsWithIdempotencyKey(symbol: string, key: string): number[];
  /**
   * Stores `modelFiles` plus `seal(version)`'s files under the next number never issued for the
   * symbol (a number taken by a concurrent writer meanwhile means another `seal` for the next).
   * The version is visible only once complete. Returns the number and its location.
   */
  createVersion(symbol: string, modelFiles: Record<string, Uint8Array>, seal: SealVersion): { version: number; location: string };
  /** Deletes versions; their numbers stay issued. */
  deleteVersions(symbol: string, versions: number[]): void;

  /** The champion pointer document; null when the symbol has none. */
  readChampion(symbol: string): StoredDocument | null;
  writeChampion(symbol: string, pointer: ChampionPointer): void;
  /** Where the champion pointer lives (for messages). */
  championLocation(symbol: string): string;

  /** Appends one audit entry (already validated), durably. */
  appendAudit(symbol: string, entry: object): void;
  /** The audit records in order, as stored text, with 1-based positions (line numbers in a file). */
  readAudit(symbol: string): Array<{ position: number; text: string }>;

  /**
   * Stores a backup: `files` (model files, metadata.json, checksums.json) and `record`
   * (backup.json), under the first id `idFor(collision)` not taken (collision 0, 1, …).
   */
  createBackup(symbol: string, idFor: (collision: number) => string, files: Record<string, Uint8Array>, record: object): { id: string; location: string };
  /** Backup ids of a symbol, sorted ascending (ids sort by time). */
  listBackupIds(symbol: string): string[];
  /** A backup's record (backup.json) alone; null when missing. */
  readBackupRecord(symbol: string, id: string): Uint8Array | null;
  /** A backup's bytes; null when there is no such backup. */
  readBackup(symbol: string, id: string): StoredBackup | null;
  /** Where a backup lives (for BackupInfo.dir and messages). */
  backupLocation(symbol: string, id: string): string;
  deleteBackups(symbol: string, ids: string[]): void;

  /** Runs `fn` in the symbol's exclusive section (see the header); waits up to `timeoutMs` for it. */
  withExclusive<T>(symbol: string, fn: () => T, timeoutMs?: number): T;
  /** Removes what crashed writers left behind (temp entries older than `olderThanMs`). */
  cleanupTemp(olderThanMs: number): CleanupResult;
  /** Releases connections (no-op for files). */
  close(): void;
}
