/**
 * What the shared registry contract (registry-contract.ts) needs from a storage under test: a
 * fresh store, registries on it (each a separate instance: another process's view, another
 * connection), ways to damage what is stored behind the registry's back, a way to hold a
 * symbol's exclusive section from outside, and how a child process opens the same store.
 */
import type { ModelRegistry } from '../../../../domain/registry/index.js';

export interface OpenOptions {
  now?: () => Date;
  lockTimeoutMs?: number;
}

/** Damage done directly to the stored bytes, as a disk fault or an operator would. */
export interface Tamper {
  /** Keeps the first `length` bytes of a version's file. */
  truncateFile(symbol: string, version: number, rel: string, length: number): void;
  /** Flips the first byte of a version's file (same size, different bytes). */
  flipFirstByte(symbol: string, version: number, rel: string): void;
  removeFile(symbol: string, version: number, rel: string): void;
  addFile(symbol: string, version: number, rel: string, data: Uint8Array): void;
  /** Rewrites a version's checksums.json through `edit` (parsed JSON in, JSON out). */
  editChecksums(symbol: string, version: number, edit: (sums: ChecksumsJson) => ChecksumsJson): void;
  /** Makes the champion pointer unreadable. */
  garbleChampion(symbol: string): void;
  /** Deletes a version outright (not through prune). */
  deleteVersion(symbol: string, version: number): void;
  truncateBackupFile(symbol: string, backupId: string, rel: string, length: number): void;
}

export interface ChecksumsJson {
  algorithm: 'sha256';
  files: Record<string, { sha256: string; bytes: number }>;
  manifest: string;
}

export interface RegistryHarness {
  readonly label: string;
  open(options?: OpenOptions): ModelRegistry;
  tamper: Tamper;
  /** Where ModelIntegrityError.path points for a version's file. */
  fileLocation(symbol: string, version: number, rel: string): string;
  /** Runs `fn` while another holder (process or connection) has the symbol's exclusive section. */
  holdExclusive(symbol: string, fn: () => void): void;
  /** The store spec a child process opens (fixtures/open-spec.ts). */
  childSpec: string;
  /** Whether a champion change is one transaction (pointer and audit record together). */
  transactional: boolean;
}
