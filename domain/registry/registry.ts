/**
 * ModelRegistry: the one object the rest of stockflow uses. It composes the single-concern
 * modules beside it (versions, champion, audit, backups, retention) over one storage (files
 * under a root directory, or PostgreSQL — storage.ts) and one clock.
 *
 * Concurrency: version numbers are safe with several writers (the storage never issues a number
 * twice). Every champion change — promote or keep, restore, rollback, the pre-retrain backup
 * and repair — and prune run in the symbol's exclusive section (a lock directory across the
 * processes of one machine, or a transaction holding an advisory lock across machines); a
 * promotion re-reads the champion inside it and refuses to apply a decision made against
 * another champion. Readers (API) are always safe.
 */
import { ModelIntegrityError } from '../../common/errors.js';
import { type AuditLog, appendAudit, championAt, readAudit } from './audit.js';
import { backupVersion, listBackups, loadBackup } from './backups.js';
import { readChampion, writeChampion } from './champion.js';
import type { RegistryContext } from './context.js';
import { ModelNotFoundError, PromotionMismatchError } from './errors.js';
import { FileRegistryStorage } from './file-storage.js';
import type { RegistryFs } from './fs-ops.js';
import { assertSymbol } from '../../common/symbol.js';
import { invalidSymbol } from './layout.js';
import type { RegistryStorage } from './storage.js';
import { type CleanupOptions, type PruneOptions, cleanupTemp, listSymbols, prune } from './retention.js';
import type {
  AuditAction,
  BackupInfo,
  ChallengerPromotion,
  ChampionChange,
  ChampionPointer,
  CleanupResult,
  IntegrityReport,
  LoadedModel,
  ModelArtifact,
  PruneResult,
  RestoreBackupResult,
  RegistrySymbolSummary,
  RetrainBackup,
  SymbolDescription,
  VersionSummary,
} from './types.js';
import { UNCHANGING_ACTIONS } from './types.js';
import {
  findLatestHealthyVersion, findVersionByIdempotencyKey, listVersionNumbers, loadVersion, peekMetadata, readVersionFiles, saveVersion, verifyVersion,
} from './versions.js';

interface CommonOptions {
  /** Clock for every recorded timestamp (tests inject a fixed one). */
  now?: () => Date;
  /** How long a champion change or prune waits for another holder of the symbol's exclusive section (default 30 s). */
  lockTimeoutMs?: number;
}

/** The embedded file store (FileRegistryStorage) under `root`. */
export interface FileModelRegistryOptions extends CommonOptions {
  /** Directory holding one folder per symbol, e.g. `<dataDir>/models`. */
  root: string;
  /** Where backups go; default `<root>/../backups`. */
  backupsRoot?: string;
  /** File-system calls; tests inject faults here. */
  fs?: RegistryFs;
  storage?: undefined;
}

/** Any storage (e.g. PostgresRegistryStorage). */
export interface StorageModelRegistryOptions extends CommonOptions {
  storage: RegistryStorage;
  root?: undefined;
}

export type ModelRegistryOptions = FileModelRegistryOptions | StorageModelRegistryOptions;

/** What `promote` needs from a PromotionDecision (the gate's output fits). */
export interface PromotionVerdict {
  promote: boolean;
  reason: string;
  challengerVersion?: number | null;
}

export class ModelRegistry {
  private readonly ctx: RegistryContext;
  private readonly lockTimeoutMs?: number;

  constructor(options: ModelRegistryOptions) {
    this.lockTimeoutMs = options.lockTimeoutMs;
    const storage = options.storage !== undefined ? options.storage
      : new FileRegistryStorage({ root: options.root, ...(options.backupsRoot ? { backupsRoot: options.backupsRoot } : {}), ...(options.fs ? { fs: options.fs } : {}) });
    this.ctx = { storage, now: options.now ?? (() => new Date()) };
  }

  /** Where the versions live: the models directory, or the database (URL without password). */
  get root(): string {
    return this.ctx.storage.location;
  }

  /** Where the backups live. */
  get backupsRoot(): string {
    return this.ctx.storage.backupsLocation;
  }

  get storage(): RegistryStorage {
    return this.ctx.storage;
  }

  /** Releases the storage's connections (nothing for the file store). */
  close(): void {
    this.ctx.storage.close();
  }

  listSymbols(): string[] {
    return listSymbols(this.ctx);
  }

  /** Stores a new version atomically; returns it (files as given, metadata with `version`). */
  saveVersion(symbol: string, artifact: ModelArtifact): LoadedModel {
    return saveVersion(this.ctx, symbol, artifact);
  }

  /** The version an earlier attempt of the same job saved (metadata.idempotencyKey), verified; else null. */
  findVersionByIdempotencyKey(symbol: string, idempotencyKey: string): LoadedModel | null {
    return findVersionByIdempotencyKey(this.ctx, symbol, idempotencyKey);
  }

  /** Reads a version after verifying every checksum (ModelIntegrityError otherwise). */
  loadVersion(symbol: string, version: number): LoadedModel {
    return loadVersion(this.ctx, symbol, version);
  }

  /**
   * A version's stored files after verification (model files, metadata.json, checksums.json as
   * stored), by default the champion's: what `stockflow export` writes out.
   */
  versionFiles(symbol: string, version?: number): { version: number; files: Record<string, Uint8Array> } {
    const chosen = version ?? readChampion(this.ctx, symbol)?.version;
    if (chosen === undefined) throw new ModelNotFoundError(symbol, 'champion');
    return { version: chosen, files: readVersionFiles(this.ctx, symbol, chosen) };
  }

  verifyVersion(symbol: string, version: number): IntegrityReport {
    return verifyVersion(this.ctx, symbol, version);
  }

  listVersions(symbol: string, options: { verify?: boolean } = {}): VersionSummary[] {
    assertSymbol(symbol, invalidSymbol(symbol));
    const champion = this.tryChampion(symbol).pointer;
    return listVersionNumbers(this.ctx, symbol).map((version) => {
      const meta = peekMetadata(this.ctx, symbol, version);
      const summary: VersionSummary = {
        symbol,
        version,
        recipe: meta?.recipe ?? null,
        trainedAt: meta?.trainedAt ?? null,
        registeredAt: meta?.registeredAt ?? null,
        mape: meta?.evaluation.model.mape ?? null,
        directionAccuracy: meta?.evaluation.model.directionAccuracy ?? null,
        n: meta?.evaluation.range.n ?? null,
        isChampion: champion?.version === version,
      };
      if (options.verify) {
        const report = verifyVersion(this.ctx, symbol, version);
        summary.healthy = report.ok;
        if (!report.ok) summary.problem = report.problems[0];
      }
      return summary;
    });
  }

  /** The champion pointer, or null when there is none. Does not verify the files. */
  getChampion(symbol: string): ChampionPointer | null {
    return readChampion(this.ctx, symbol);
  }

  /**
   * The champion's verified files. Throws ModelNotFoundError when there is no champion and
   * ModelIntegrityError when it is corrupted — a corrupted champion is never served; the
   * caller may fall back explicitly with findLatestHealthyVersion / rollback.
   */
  loadChampion(symbol: string): LoadedModel {
    const pointer = readChampion(this.ctx, symbol);
    if (!pointer) throw new ModelNotFoundError(symbol, 'champion');
    try {
      return loadVersion(this.ctx, symbol, pointer.version);
    } catch (err) {
      if (err instanceof ModelNotFoundError) {
        throw new ModelIntegrityError(this.ctx.storage.championLocation(symbol), `champion points to v${pointer.version}, which is missing`, { cause: err });
      }
      throw err;
    }
  }

  /**
   * The champion pointer and, when something is wrong, what: an unreadable pointer, or a
   * champion whose files fail verification (truncated weights, missing version). This is what
   * health checks, status and the API show as `championProblem`; it hashes the champion's files.
   */
  checkChampion(symbol: string): { pointer: ChampionPointer | null; problem?: string } {
    const read = this.tryChampion(symbol);
    if (!read.pointer) return read;
    const report = verifyVersion(this.ctx, symbol, read.pointer.version);
    return report.ok ? read : { pointer: read.pointer, problem: `champion v${read.pointer.version} fails verification: ${report.problems[0]}` };
  }

  /** Newest version that verifies (optionally excluding some or only below a number). */
  findLatestHealthyVersion(symbol: string, options: { exclude?: number[]; below?: number } = {}): LoadedModel | null {
    return findLatestHealthyVersion(this.ctx, symbol, options);
  }

  /**
   * Applies a promotion decision in one call: promote → `version` becomes champion (after
   * verifying it); keep → the champion stays and a `keep` line records the refusal and reason.
   */
  promote(symbol: string, version: number, decision: PromotionVerdict): ChampionChange {
    return this.locked(symbol, () => this.applyVerdict(symbol, version, decision));
  }

  /**
   * A retrain's promotion step, holding the symbol's lock so no restore, rollback or prune
   * interleaves. `comparedAgainst` is the champion the challenger was scored against; `decide`
   * runs the gate under the lock. When the champion changed since the comparison (an operator
   * restored another version meanwhile), nothing is promoted: a keep line records why. When a
   * previous attempt already applied the decision for this challenger (its completion was
   * lost), that outcome is returned and nothing new is written.
   */
  promoteChallenger(
    symbol: string, challengerVersion: number, comparedAgainst: number | null, decide: () => PromotionVerdict,
  ): ChallengerPromotion {
    return this.locked(symbol, () => {
      const current = this.tryChampion(symbol).pointer?.version ?? null;
      const last = readAudit(this.ctx, symbol).entries.at(-1);
      if (last && ((last.action === 'promote' && last.to === challengerVersion && current === challengerVersion)
        || (last.action === 'keep' && last.challenger === challengerVersion))) {
        const change: ChampionChange = { symbol, action: last.action, from: last.from, to: last.to, changed: last.from !== last.to, at: last.at, reason: last.reason };
        return { change, promoted: last.action === 'promote', reason: last.reason, superseded: false, alreadyApplied: true };
      }
      if (current !== comparedAgainst) {
        const reason = `kept champion v${String(current)}: the champion changed from ${comparedAgainst === null ? 'none' : `v${comparedAgainst}`} to v${String(current)} `
          + `while challenger v${challengerVersion} was being trained and compared against the former; not promoted over a champion it was not compared with`;
        const change = this.applyVerdict(symbol, challengerVersion, { promote: false, reason, challengerVersion });
        return { change, promoted: false, reason, superseded: true, alreadyApplied: false };
      }
      const verdict = decide();
      const change = this.applyVerdict(symbol, challengerVersion, verdict);
      return { change, promoted: verdict.promote, reason: verdict.reason, superseded: false, alreadyApplied: false };
    });
  }

  private applyVerdict(symbol: string, version: number, decision: PromotionVerdict): ChampionChange {
    if (decision.challengerVersion != null && decision.challengerVersion !== version) {
      throw new PromotionMismatchError(symbol, decision.challengerVersion, version);
    }
    if (decision.promote) return this.setChampion(symbol, version, 'promote', decision.reason);
    const current = this.tryChampion(symbol).pointer?.version ?? null;
    const at = this.ctx.now().toISOString();
    appendAudit(this.ctx, { at, symbol, from: current, to: current, action: 'keep', reason: decision.reason, challenger: version });
    return { symbol, action: 'keep', from: current, to: current, changed: false, at, reason: decision.reason };
  }

  /** Makes any kept (and healthy) version champion. */
  restore(symbol: string, version: number, reason = `restore to v${version}`): ChampionChange {
    return this.locked(symbol, () => this.setChampion(symbol, version, 'restore', reason));
  }

  /**
   * Goes back one step: to `toVersion` when given, else to the version that was champion
   * before the current one (per the audit log) when it is still kept and healthy, else to the
   * newest healthy version older than the current champion.
   */
  rollback(symbol: string, options: { toVersion?: number; reason?: string } = {}): ChampionChange {
    return this.locked(symbol, () => {
      const current = this.tryChampion(symbol).pointer?.version ?? null;
      const target = options.toVersion ?? this.rollbackTarget(symbol, current);
      return this.setChampion(symbol, target, 'rollback', options.reason ?? `rollback from ${current === null ? 'no champion' : `v${current}`} to v${target}`);
    });
  }

  /** Copies the current (verified) champion into a new backup; returns it. */
  backupChampion(symbol: string, reason: string): BackupInfo {
    const pointer = readChampion(this.ctx, symbol);
    if (!pointer) throw new ModelNotFoundError(symbol, 'champion to back up');
    return backupVersion(this.ctx, symbol, pointer.version, reason);
  }

  /**
   * The backup a retrain takes before anything risky, under the symbol's lock. A champion that
   * fails verification cannot be backed up and must not block every retrain: the newest intact
   * version is restored as champion (a `restore` audit line naming the problem) and backed up
   * instead; when no intact version exists the backup is skipped (a `skip-backup` line says why)
   * and the retrain goes on against the corrupt champion, which then cannot be scored.
   */
  backupBeforeRetrain(symbol: string, reason: string): RetrainBackup {
    return this.locked(symbol, () => {
      const { pointer, problem } = this.checkChampion(symbol);
      if (!pointer) {
        if (problem) throw new ModelIntegrityError(this.ctx.storage.championLocation(symbol), problem);
        return { backup: null, championVersion: null };
      }
      if (!problem) return { backup: backupVersion(this.ctx, symbol, pointer.version, reason), championVersion: pointer.version };
      const intact = findLatestHealthyVersion(this.ctx, symbol, { exclude: [pointer.version] });
      if (intact) {
        const repaired = this.setChampion(symbol, intact.version, 'restore',
          `automatic before retrain: ${problem}; restored the newest intact version v${intact.version}`);
        return { backup: backupVersion(this.ctx, symbol, intact.version, reason), championVersion: intact.version, repaired };
      }
      const skipped = `backup skipped before retrain: ${problem}; no intact version to restore`;
      appendAudit(this.ctx, { at: this.ctx.now().toISOString(), symbol, from: pointer.version, to: pointer.version, action: 'skip-backup', reason: skipped });
      return { backup: null, championVersion: pointer.version, skipped };
    });
  }

  listBackups(symbol: string): BackupInfo[] {
    return listBackups(this.ctx, symbol);
  }

  /**
   * Verifies a backup and makes it champion: as its original version when that is still kept
   * with the same content, else re-imported as a new version (metadata.restoredFrom says so).
   */
  restoreBackup(symbol: string, backupId: string, reason?: string): RestoreBackupResult {
    return this.locked(symbol, () => this.restoreBackupUnlocked(symbol, backupId, reason));
  }

  private restoreBackupUnlocked(symbol: string, backupId: string, reason?: string): RestoreBackupResult {
    const { info, model } = loadBackup(this.ctx, symbol, backupId);
    const why = reason ?? `restore backup ${backupId} (${info.reason})`;
    let version = info.version;
    let imported = false;
    let original: LoadedModel | null = null;
    try {
      original = loadVersion(this.ctx, symbol, info.version);
    } catch (err) {
      if (!(err instanceof ModelNotFoundError) && !(err instanceof ModelIntegrityError)) throw err;
    }
    if (!original || original.manifestDigest !== info.manifestDigest) {
      const { version: _v, registeredAt: _r, ...metadata } = model.metadata;
      const saved = saveVersion(this.ctx, symbol, {
        files: model.files,
        metadata: { ...metadata, restoredFrom: { backupId, version: info.version } },
      });
      version = saved.version;
      imported = true;
    }
    const change = this.setChampion(symbol, version, 'restore', why, backupId);
    return { version, imported, change };
  }

  /** Never interleaves with a champion change of the symbol (see withSymbolLock). */
  prune(symbol: string, options: PruneOptions): PruneResult {
    return this.locked(symbol, () => prune(this.ctx, symbol, options));
  }

  cleanupTemp(options: CleanupOptions = {}): CleanupResult {
    return cleanupTemp(this.ctx, options);
  }

  auditLog(symbol: string): AuditLog {
    return readAudit(this.ctx, symbol);
  }

  /** Which version was champion at the given time (null before the first one). */
  championAt(symbol: string, time: string | Date): { version: number; since: string; reason: string } | null {
    return championAt(this.ctx, symbol, time);
  }

  /**
   * What a status line needs: the pointer (read once) and whether the champion verifies, the
   * champion's metadata and the number of versions — no backups, no audit log, no metadata of
   * other versions.
   */
  summary(symbol: string): Omit<RegistrySymbolSummary, 'symbol'> {
    const { pointer, problem } = this.checkChampion(symbol);
    return {
      champion: pointer,
      ...(problem ? { championProblem: problem } : {}),
      championMetadata: pointer ? peekMetadata(this.ctx, symbol, pointer.version) : null,
      versionCount: listVersionNumbers(this.ctx, symbol).length,
    };
  }

  /**
   * `summary` of many symbols in one pass (every symbol with a registry directory when none are
   * named), in the order given: what `GET /models` and `stockflow status` read. A symbol without
   * models has a summary with no champion and `versionCount` 0; a symbol that cannot be read has
   * its problem as `championProblem` (one bad symbol does not hide the others).
   */
  summaries(symbols: readonly string[] = this.listSymbols()): RegistrySymbolSummary[] {
    return symbols.map((symbol) => {
      try {
        return { symbol, ...this.summary(symbol) };
      } catch (err) {
        return { symbol, champion: null, championProblem: err instanceof Error ? err.message : String(err), championMetadata: null, versionCount: 0 };
      }
    });
  }

  describe(symbol: string, options: { auditEntries?: number } = {}): SymbolDescription {
    const { pointer, problem } = this.checkChampion(symbol);
    const audit = readAudit(this.ctx, symbol);
    return {
      symbol,
      champion: pointer,
      ...(problem ? { championProblem: problem } : {}),
      championMetadata: pointer ? peekMetadata(this.ctx, symbol, pointer.version) : null,
      versions: this.listVersions(symbol),
      backups: listBackups(this.ctx, symbol),
      recentAudit: (options.auditEntries ?? 10) > 0 ? audit.entries.slice(-(options.auditEntries ?? 10)) : [],
      auditMalformedLines: audit.malformedLines,
    };
  }

  private setChampion(symbol: string, version: number, action: AuditAction, reason: string, backupId?: string): ChampionChange {
    // Never point the champion at something that would not load.
    loadVersion(this.ctx, symbol, version);
    // A corrupted pointer must not block a rescue: treat it as "no previous champion".
    const from = this.tryChampion(symbol).pointer?.version ?? null;
    const at = this.ctx.now().toISOString();
    if (from !== version) writeChampion(this.ctx, symbol, { version, since: at, reason });
    appendAudit(this.ctx, { at, symbol, from, to: version, action, reason, ...(backupId ? { backupId } : {}) });
    return { symbol, action, from, to: version, changed: from !== version, at, reason };
  }

  private rollbackTarget(symbol: string, current: number | null): number {
    const { entries } = readAudit(this.ctx, symbol);
    for (const e of [...entries].reverse()) {
      if (UNCHANGING_ACTIONS.includes(e.action) || e.to !== current) continue;
      if (e.from !== null && e.from !== current && verifyVersion(this.ctx, symbol, e.from).ok) return e.from;
      break;
    }
    const fallback = findLatestHealthyVersion(this.ctx, symbol, {
      ...(current !== null ? { below: current } : {}),
    });
    if (!fallback) throw new ModelNotFoundError(symbol, `a healthy version older than ${current === null ? 'the latest' : `v${current}`} to roll back to`);
    return fallback.version;
  }

  private locked<T>(symbol: string, fn: () => T): T {
    assertSymbol(symbol, invalidSymbol(symbol));
    return this.ctx.storage.withExclusive(symbol, fn, this.lockTimeoutMs);
  }

  private tryChampion(symbol: string): { pointer: ChampionPointer | null; problem?: string } {
    try {
      return { pointer: readChampion(this.ctx, symbol) };
    } catch (err) {
      if (err instanceof ModelIntegrityError) return { pointer: null, problem: err.message };
      throw err;
    }
  }
}
