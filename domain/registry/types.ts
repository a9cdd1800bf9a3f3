/**
 * Types of the model registry. The registry stores an opaque set of files plus the engine's
 * metadata (checked on load); it knows nothing of tfjs or Temporal. Metric values are fractions
 * (0.021 = 2.1 %).
 */
import type { ModelMetadata } from '../engine/types.js';

/**
 * What the registry stores beside a version's files: the engine's `ModelMetadata` (the one type,
 * domain/engine/types.ts), plus what the registry adds — `version` and `registeredAt` when a
 * version is saved, `idempotencyKey` so a retried job finds its version again
 * (findVersionByIdempotencyKey), `restoredFrom` on a re-imported backup.
 */
export interface StoredMetadata extends ModelMetadata {
  version?: number;
  registeredAt?: string;
  idempotencyKey?: string;
  restoredFrom?: { backupId: string; version: number };
}

/** What the model engine hands over: files keyed by relative path (e.g. `gru/weights.bin`). */
export interface ModelArtifact {
  files: Record<string, Uint8Array>;
  metadata: StoredMetadata;
}

/** A version read back from disk after every checksum was verified. */
export interface LoadedModel extends ModelArtifact {
  symbol: string;
  version: number;
  /** Metadata as stored, `version` always set. */
  metadata: StoredMetadata & { version: number };
  /** Manifest digest from checksums.json (identifies the exact content). */
  manifestDigest: string;
  /** Where the files were read from: a directory, or a `postgres://…#registry_versions/…` locator (informational; the bytes above are the verified ones). */
  dir: string;
}

/** `checksums.json` in every version directory. */
export interface ChecksumFile {
  algorithm: 'sha256';
  /** Relative path → sha256 hex and size, for every file in the version except checksums.json. */
  files: Record<string, { sha256: string; bytes: number }>;
  /** sha256 over the sorted `path\0sha256\0bytes\n` lines: one value naming the whole version. */
  manifest: string;
}

/** `champion.json`: which version serves predictions. */
export interface ChampionPointer {
  version: number;
  /** ISO timestamp of the change. */
  since: string;
  reason: string;
}

export type AuditAction = 'promote' | 'restore' | 'rollback' | 'keep' | 'skip-backup';

/** Actions that leave the champion pointer where it was (from === to). */
export const UNCHANGING_ACTIONS: readonly AuditAction[] = ['keep', 'skip-backup'];

/**
 * One line of `audit.jsonl`. `keep` lines record a refused promotion and `skip-backup` a
 * retrain that could not back up its corrupt champion (both with from === to).
 */
export interface AuditEntry {
  at: string;
  symbol: string;
  from: number | null;
  to: number | null;
  action: AuditAction;
  reason: string;
  /** Challenger version a `keep` refused; absent otherwise. */
  challenger?: number;
  /** Backup a `restore` came from; absent otherwise. */
  backupId?: string;
}

export interface VersionSummary {
  symbol: string;
  version: number;
  recipe: string | null;
  trainedAt: string | null;
  registeredAt: string | null;
  mape: number | null;
  directionAccuracy: number | null;
  n: number | null;
  isChampion: boolean;
  /** Set only when `listVersions(..., { verify: true })` was asked for. */
  healthy?: boolean;
  /** First integrity problem when `healthy` is false. */
  problem?: string;
}

export interface IntegrityReport {
  ok: boolean;
  problems: string[];
}

export interface BackupInfo {
  /** Directory name: `<yyyymmddThhmmssSSSZ>-v<N>`; unique per symbol. */
  id: string;
  symbol: string;
  version: number;
  at: string;
  reason: string;
  manifestDigest: string;
  /** Its directory, or a `postgres://…#registry_backups/…` locator. */
  dir: string;
}

/** `backup.json` inside a backup directory. */
export interface BackupRecord {
  symbol: string;
  version: number;
  at: string;
  reason: string;
  manifestDigest: string;
}

export interface ChampionChange {
  symbol: string;
  action: AuditAction;
  from: number | null;
  to: number | null;
  /** false for `keep`, and for a restore to the version that already was champion. */
  changed: boolean;
  at: string;
  reason: string;
}

export interface RestoreBackupResult {
  /** Version that is champion now. */
  version: number;
  /** true when the backup was re-imported as a new version (original gone or different). */
  imported: boolean;
  change: ChampionChange;
}

export interface PruneResult {
  deleted: number[];
  kept: number[];
  deletedBackups: string[];
}

export interface CleanupResult {
  removed: string[];
}

export interface SymbolDescription {
  symbol: string;
  champion: ChampionPointer | null;
  /** Set when champion.json cannot be read or the champion's files fail verification. */
  championProblem?: string;
  championMetadata: StoredMetadata | null;
  versions: VersionSummary[];
  backups: BackupInfo[];
  /** Most recent audit entries, oldest first. */
  recentAudit: AuditEntry[];
  /** Audit lines that did not parse (e.g. torn by a crash). */
  auditMalformedLines: number[];
}

/** What a status row needs of one symbol (`summary`, `summaries`): no backups, audit or other versions' metadata. */
export interface RegistrySymbolSummary extends Pick<SymbolDescription, 'symbol' | 'champion' | 'championProblem' | 'championMetadata'> {
  versionCount: number;
}

/** What `backupBeforeRetrain` did with the champion before a retrain. */
export interface RetrainBackup {
  /** The backup made; null when there was no champion or it could not be backed up. */
  backup: BackupInfo | null;
  /** The champion the retrain's challenger is to be compared against (null: none). */
  championVersion: number | null;
  /** Set when the champion failed verification and the newest intact version was restored. */
  repaired?: ChampionChange;
  /** Set when the champion failed verification and no intact version existed: why no backup. */
  skipped?: string;
}

/** Outcome of `promoteChallenger`. */
export interface ChallengerPromotion {
  change: ChampionChange;
  /** Whether the challenger is champion now. */
  promoted: boolean;
  /** The recorded reason (the gate's, or why the decision was not applied). */
  reason: string;
  /** The champion moved after the comparison (restore, rollback): the challenger was kept. */
  superseded: boolean;
  /** A previous attempt already applied this decision; nothing new was written. */
  alreadyApplied: boolean;
}
