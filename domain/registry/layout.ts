/**
 * Where things live on disk. Only this file knows the names.
 *
 *   <root>/<SYMBOL>/v<N>/…            a version: model files, metadata.json, checksums.json
 *   <root>/<SYMBOL>/champion.json     champion pointer
 *   <root>/<SYMBOL>/audit.jsonl       champion changes, append-only
 *   <root>/<SYMBOL>/state.json        highest version number ever issued (numbers never reused)
 *   <root>/<SYMBOL>/.tmp-*            in-flight or abandoned writes (ignored, cleaned later)
 *   <backups>/<SYMBOL>/<stamp>-v<N>/  backups of former champions (default <root>/../backups)
 */
import path from 'node:path';
import { assertSymbol } from '../../common/symbol.js';
import { InvalidModelArtifactError } from './errors.js';

export const METADATA_FILE = 'metadata.json';
export const CHECKSUMS_FILE = 'checksums.json';
export const CHAMPION_FILE = 'champion.json';
export const AUDIT_FILE = 'audit.jsonl';
export const STATE_FILE = 'state.json';
export const BACKUP_RECORD_FILE = 'backup.json';
export const TEMP_PREFIX = '.tmp-';

/** Names the registry writes itself; a model file may not shadow them at the top level. */
export const RESERVED_FILES = new Set([METADATA_FILE, CHECKSUMS_FILE, BACKUP_RECORD_FILE]);

const VERSION_DIR = /^v([1-9][0-9]*)$/;
const BACKUP_DIR = /^(\d{8}T\d{9}Z)(?:-(\d+))?-v([1-9][0-9]*)$/;

/** The registry's error for a symbol common/symbol.ts refuses. */
export const invalidSymbol = (symbol: string) => (reason: string) => new InvalidModelArtifactError(symbol, `"${symbol}" is ${reason}`);

export function versionDirName(version: number): string {
  return `v${version}`;
}

export function parseVersionDir(name: string): number | null {
  const m = VERSION_DIR.exec(name);
  return m ? Number(m[1]) : null;
}

/** `2025-01-05T02:00:00.123Z` → `20250105T020000123Z` (sortable, no colons). */
export function backupStamp(at: Date): string {
  return at.toISOString().replace(/[-:.]/g, '');
}

export function backupId(at: Date, version: number, collision = 0): string {
  return `${backupStamp(at)}${collision > 0 ? `-${collision}` : ''}-v${version}`;
}

export function parseBackupId(id: string): { version: number } | null {
  const m = BACKUP_DIR.exec(id);
  return m ? { version: Number(m[3]) } : null;
}

export function tempName(label: string): string {
  return `${TEMP_PREFIX}${label}-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Checks a model file's relative path: forward slashes, no `..`, not absolute, not hidden, not a
 * registry file. Returns the normalised path.
 */
export function checkModelFilePath(symbol: string, rel: string): string {
  const bad = (why: string) => new InvalidModelArtifactError(symbol, `file "${rel}" ${why}`);
  if (rel.length === 0) throw bad('has an empty name');
  if (rel.includes('\\') || rel.includes('\0')) throw bad('contains a backslash or NUL');
  if (path.posix.isAbsolute(rel)) throw bad('is absolute');
  const parts = rel.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..')) throw bad('has an empty, "." or ".." segment');
  if (parts.some((p) => p.startsWith('.'))) throw bad('has a hidden segment');
  if (parts.length === 1 && (RESERVED_FILES.has(rel) || rel === CHAMPION_FILE)) throw bad('shadows a registry file');
  return rel;
}

export class RegistryLayout {
  constructor(readonly root: string, readonly backupsRoot: string) {}

  symbolDir(symbol: string): string {
    assertSymbol(symbol, invalidSymbol(symbol));
    return path.join(this.root, symbol);
  }

  versionDir(symbol: string, version: number): string {
    return path.join(this.symbolDir(symbol), versionDirName(version));
  }

  championFile(symbol: string): string {
    return path.join(this.symbolDir(symbol), CHAMPION_FILE);
  }

  auditFile(symbol: string): string {
    return path.join(this.symbolDir(symbol), AUDIT_FILE);
  }

  stateFile(symbol: string): string {
    return path.join(this.symbolDir(symbol), STATE_FILE);
  }

  symbolBackupsDir(symbol: string): string {
    assertSymbol(symbol, invalidSymbol(symbol));
    return path.join(this.backupsRoot, symbol);
  }

  backupDir(symbol: string, id: string): string {
    return path.join(this.symbolBackupsDir(symbol), id);
  }
}
