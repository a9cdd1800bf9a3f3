/**
 * The registry contract: every ModelRegistry behaviour the rest of stockflow relies on, run
 * unchanged over each storage (files.contract.test.ts, postgres.contract.test.ts). A storage
 * passes when the same registry logic on top of it numbers, verifies, promotes, backs up,
 * prunes and serialises exactly alike.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelIntegrityError } from '../../../../common/errors.js';
import {
  InvalidModelArtifactError, ModelNotFoundError, ModelRegistry, RegistryBusyError, type AuditEntry, type RegistryStorage,
} from '../../../../domain/registry/index.js';
import { manifestDigest } from '../../../../domain/registry/checksums.js';
import { scaled } from '../../../helpers/timeouts.js';
import { makeArtifact, tempDataDir } from '../helpers.js';
import type { RegistryHarness } from './harness.js';

const repoRoot = path.join(import.meta.dirname, '..', '..', '..', '..');

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error, nothing was thrown');
}

const chain = (reg: ModelRegistry, symbol: string) => reg.auditLog(symbol).entries.map((e) => `${e.action}:${e.from}->${e.to}`);

/** A storage whose `method` throws (a lost connection, a full disk) — everything else passes through. */
function failing(storage: RegistryStorage, method: keyof RegistryStorage): RegistryStorage {
  return new Proxy(storage, {
    get(target, prop) {
      if (prop === method) return () => { throw Object.assign(new Error(`simulated failure in ${String(method)}`), { code: 'EIO' }); };
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Runs a child process to its end; resolves with stdout, rejects naming stderr on failure. */
function runChild(args: string[], onReady: () => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.startsWith('ready\n') && !out.slice(6).includes('ready')) onReady();
    });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`contender exited ${code}: ${err}`))));
  });
}

export function registryContract(fresh: () => RegistryHarness): void {
  describe('versions', () => {
    it('round-trips files and metadata byte for byte, numbering 1, 2, 3 per symbol', () => {
      const h = fresh();
      const reg = h.open();
      const artifact = makeArtifact('NVDA', 3);
      expect(reg.saveVersion('NVDA', artifact).version).toBe(1);
      expect(reg.saveVersion('NVDA', makeArtifact('NVDA', 4)).version).toBe(2);
      expect(reg.saveVersion('SPY', makeArtifact('SPY', 1)).version).toBe(1);
      const loaded = h.open().loadVersion('NVDA', 1);
      expect(Object.keys(loaded.files).sort()).toEqual(['ensemble.json', 'gru/model.json', 'gru/weights.bin']);
      for (const [rel, bytes] of Object.entries(artifact.files)) expect(Buffer.from(loaded.files[rel]!).equals(Buffer.from(bytes))).toBe(true);
      expect(loaded.metadata).toMatchObject({ ...artifact.metadata, version: 1, registeredAt: '2025-01-06T00:00:00.000Z' });
      expect(loaded.manifestDigest).toMatch(/^[0-9a-f]{64}$/);
      expect(reg.listSymbols()).toEqual(['NVDA', 'SPY']);
      expect(reg.listVersions('NVDA').map((v) => [v.version, v.mape, v.isChampion])).toEqual([[1, 0.02, false], [2, 0.02, false]]);
    });

    it('never reuses a number: not after prune, not after a version vanished, not in another instance', () => {
      const h = fresh();
      const reg = h.open();
      for (let i = 1; i <= 3; i++) reg.saveVersion('MSFT', makeArtifact('MSFT', i));
      reg.promote('MSFT', 1, { promote: true, reason: 'first' });
      expect(reg.prune('MSFT', { keep: 1 })).toEqual({ deleted: [2], kept: [1, 3], deletedBackups: [] });
      h.tamper.deleteVersion('MSFT', 3);
      expect(h.open().saveVersion('MSFT', makeArtifact('MSFT', 4)).version).toBe(4);
    });

    it('refuses artifacts it cannot store safely, storing nothing', () => {
      const reg = fresh().open();
      const good = makeArtifact('AMZN');
      for (const bad of [
        () => reg.saveVersion('AMZN', { ...good, files: { '../evil.bin': new Uint8Array(1) } }),
        () => reg.saveVersion('AMZN', { ...good, files: { 'metadata.json': new Uint8Array(1) } }),
        () => reg.saveVersion('AMZN', { ...good, files: {} }),
        () => reg.saveVersion('AMZN', makeArtifact('AAPL')),
        () => reg.saveVersion('../x', good),
      ]) expect(bad).toThrow(InvalidModelArtifactError);
      expect(reg.listVersions('AMZN')).toEqual([]);
      expect(() => reg.loadVersion('AMZN', 1)).toThrow(ModelNotFoundError);
      expect(() => reg.loadChampion('AMZN')).toThrow(/AMZN: champion not found/);
    });

    it('finds the verified version an earlier attempt saved under an idempotency key, and nothing else', () => {
      const h = fresh();
      const reg = h.open();
      reg.saveVersion('NVDA', makeArtifact('NVDA', 1));
      const artifact = makeArtifact('NVDA', 2);
      const saved = reg.saveVersion('NVDA', { ...artifact, metadata: { ...artifact.metadata, idempotencyKey: 'retrain-NVDA/run-1' } });
      expect(h.open().findVersionByIdempotencyKey('NVDA', 'retrain-NVDA/run-1')?.version).toBe(saved.version);
      expect(reg.findVersionByIdempotencyKey('NVDA', 'retrain-NVDA/run-2')).toBeNull();
      expect(reg.findVersionByIdempotencyKey('AMD', 'retrain-NVDA/run-1')).toBeNull();
      h.tamper.truncateFile('NVDA', saved.version, 'gru/weights.bin', 100);
      expect(reg.findVersionByIdempotencyKey('NVDA', 'retrain-NVDA/run-1')).toBeNull();
    });
  });

  describe('champion and audit', () => {
    it('promotes, keeps, restores and rolls back, auditing every decision; championAt answers from the audit', () => {
      const reg = fresh().open();
      for (let i = 1; i <= 3; i++) reg.saveVersion('TSLA', makeArtifact('TSLA', i)); // 00:00..00:02
      expect(reg.promote('TSLA', 1, { promote: true, reason: 'first' })).toMatchObject({ action: 'promote', from: null, to: 1, changed: true, at: '2025-01-06T00:03:00.000Z' });
      expect(reg.promote('TSLA', 2, { promote: true, reason: 'better' })).toMatchObject({ from: 1, to: 2 });
      expect(reg.promote('TSLA', 3, { promote: false, reason: 'worse' })).toMatchObject({ action: 'keep', from: 2, to: 2, changed: false });
      expect(reg.getChampion('TSLA')).toEqual({ version: 2, since: '2025-01-06T00:04:00.000Z', reason: 'better' });
      expect(reg.restore('TSLA', 3, 'operator')).toMatchObject({ from: 2, to: 3 });
      expect(reg.rollback('TSLA')).toMatchObject({ action: 'rollback', from: 3, to: 2 });
      expect(chain(reg, 'TSLA')).toEqual(['promote:null->1', 'promote:1->2', 'keep:2->2', 'restore:2->3', 'rollback:3->2']);
      expect(reg.auditLog('TSLA').entries[2]).toMatchObject({ challenger: 3, reason: 'worse' });
      expect(reg.championAt('TSLA', '2025-01-06T00:02:59.999Z')).toBeNull();
      expect(reg.championAt('TSLA', '2025-01-06T00:04:30.000Z')?.version).toBe(2);
      expect(reg.championAt('TSLA', '2025-01-06T00:06:30.000Z')?.version).toBe(3);
    });

    it('a champion change whose pointer write fails changes nothing and records nothing', () => {
      const h = fresh();
      const reg = h.open();
      reg.saveVersion('AAPL', makeArtifact('AAPL', 1));
      reg.saveVersion('AAPL', makeArtifact('AAPL', 2));
      reg.promote('AAPL', 1, { promote: true, reason: 'first' });
      const broken = new ModelRegistry({ storage: failing(reg.storage, 'writeChampion') });
      expect(() => broken.promote('AAPL', 2, { promote: true, reason: 'x' })).toThrow(/simulated failure in writeChampion/);
      expect(h.open().getChampion('AAPL')?.version).toBe(1);
      expect(chain(h.open(), 'AAPL')).toEqual(['promote:null->1']);
      // The audit record is written after the pointer: in one transaction the pointer goes back
      // with it; the file store documents a pointer moved without its line.
      const noAudit = new ModelRegistry({ storage: failing(reg.storage, 'appendAudit') });
      expect(() => noAudit.promote('AAPL', 2, { promote: true, reason: 'y' })).toThrow(/simulated failure in appendAudit/);
      expect(h.open().getChampion('AAPL')?.version).toBe(h.transactional ? 1 : 2);
      expect(chain(h.open(), 'AAPL')).toEqual(['promote:null->1']);
    });

    it('keeps a challenger compared against a champion that has since changed, and never applies a decision twice', () => {
      const reg = fresh().open();
      for (let i = 1; i <= 4; i++) reg.saveVersion('NVDA', makeArtifact('NVDA', i));
      reg.promote('NVDA', 2, { promote: true, reason: 'second' });
      reg.restore('NVDA', 1, 'manual restore');
      const superseded = reg.promoteChallenger('NVDA', 3, 2, () => { throw new Error('the gate must not run'); });
      expect(superseded).toMatchObject({ promoted: false, superseded: true, alreadyApplied: false });
      expect(reg.getChampion('NVDA')?.version).toBe(1);
      expect(reg.promoteChallenger('NVDA', 4, 1, () => ({ promote: true, reason: 'promoted v4' }))).toMatchObject({ promoted: true, alreadyApplied: false });
      expect(reg.promoteChallenger('NVDA', 4, 1, () => { throw new Error('must not run'); })).toMatchObject({ promoted: true, alreadyApplied: true, reason: 'promoted v4' });
      expect(chain(reg, 'NVDA')).toEqual(['promote:null->2', 'restore:2->1', 'keep:1->1', 'promote:1->4']);
    });

    it('a champion change waits for another holder of the symbol\'s exclusive section and gives up with a retryable error', () => {
      const h = fresh();
      const reg = h.open({ lockTimeoutMs: 300 });
      reg.saveVersion('TSM', makeArtifact('TSM', 1));
      reg.saveVersion('TSM', makeArtifact('TSM', 2));
      reg.promote('TSM', 2, { promote: true, reason: 'first' });
      h.holdExclusive('TSM', () => {
        const err = thrown(() => reg.restore('TSM', 1));
        expect(err).toBeInstanceOf(RegistryBusyError);
        expect((err as RegistryBusyError).permanent).toBe(false);
        expect(() => reg.prune('TSM', { keep: 1 })).toThrow(RegistryBusyError);
        expect(() => reg.promoteChallenger('TSM', 1, 2, () => ({ promote: true, reason: 'x' }))).toThrow(/locked by another process/);
      });
      expect(reg.getChampion('TSM')?.version).toBe(2);
      expect(reg.listVersions('TSM')).toHaveLength(2);
      expect(reg.restore('TSM', 1).to).toBe(1); // free again once the holder is done
    });

    it('serialises champion changes and numbering of two registries running at once (two processes)', async () => {
      const h = fresh();
      const seed = h.open();
      seed.saveVersion('PLTR', makeArtifact('PLTR', 1));
      seed.promote('PLTR', 1, { promote: true, reason: 'start' });
      seed.close();
      const goFile = path.join(tempDataDir('reg-contend'), 'go');
      const fixture = path.join(import.meta.dirname, '..', 'fixtures', 'contender.ts');
      let ready = 0;
      const onReady = () => {
        if (++ready === 2) writeFileSync(goFile, 'go');
      };
      const rounds = 12;
      const outputs = await Promise.all(['a', 'b'].map((label) => runChild([fixture, h.childSpec, 'PLTR', String(rounds), label, goFile], onReady)));
      const saved = outputs.flatMap((o) => (JSON.parse(o.trim().split('\n').at(-1)!) as { saved: number[] }).saved);
      expect(saved.sort((x, y) => x - y)).toEqual(Array.from({ length: 2 * rounds }, (_, i) => i + 2));
      const reg = h.open();
      const { entries, malformedLines } = reg.auditLog('PLTR');
      expect(malformedLines).toEqual([]);
      // Every record starts from the champion the previous one left: no change was made against
      // a stale pointer, which is what an interleaved read-then-write would produce.
      let pointer: number | null = null;
      entries.forEach((e: AuditEntry, i) => {
        expect(e.from, `audit record ${i + 1}: ${JSON.stringify(e)}`).toBe(pointer);
        pointer = e.to;
      });
      expect(entries.length).toBe(1 + 2 * rounds * 2);
      expect(reg.getChampion('PLTR')?.version).toBe(pointer);
    }, scaled(180_000));
  });

  describe('integrity', () => {
    function twoVersions(h: RegistryHarness) {
      const reg = h.open();
      reg.saveVersion('NVDA', makeArtifact('NVDA', 1));
      reg.saveVersion('NVDA', makeArtifact('NVDA', 2));
      reg.promote('NVDA', 1, { promote: true, reason: 'first' });
      reg.promote('NVDA', 2, { promote: true, reason: 'second' });
      return reg;
    }

    it('refuses truncated or altered files, naming the file and expected/actual', () => {
      const h = fresh();
      const reg = twoVersions(h);
      h.tamper.truncateFile('NVDA', 2, 'gru/weights.bin', 1000);
      const err = thrown(() => reg.loadVersion('NVDA', 2)) as ModelIntegrityError;
      expect(err).toBeInstanceOf(ModelIntegrityError);
      expect(err.permanent).toBe(true);
      expect(err.path).toBe(h.fileLocation('NVDA', 2, 'gru/weights.bin'));
      expect(err.message).toMatch(/gru\/weights\.bin: expected sha256 [0-9a-f]{64} \(4096 bytes\), actual [0-9a-f]{64} \(1000 bytes\)/);
      expect(reg.verifyVersion('NVDA', 2)).toEqual({ ok: false, problems: [err.message] });
      h.tamper.flipFirstByte('NVDA', 1, 'ensemble.json');
      expect(thrown(() => reg.loadVersion('NVDA', 1)).message).toMatch(/ensemble\.json: expected sha256/);
    });

    it('refuses an edited checksum (with or without a matching manifest), an unlisted file and a missing file', () => {
      const h = fresh();
      const reg = twoVersions(h);
      h.tamper.editChecksums('NVDA', 2, (s) => ({ ...s, files: { ...s.files, 'gru/model.json': { ...s.files['gru/model.json']!, sha256: '0'.repeat(64) } } }));
      expect(thrown(() => reg.loadVersion('NVDA', 2)).message).toMatch(/manifest digest mismatch/);
      h.tamper.editChecksums('NVDA', 2, (s) => {
        const files = { ...s.files, 'gru/model.json': { ...s.files['gru/model.json']!, sha256: 'a'.repeat(64) } };
        return { ...s, files, manifest: manifestDigest(files) };
      });
      expect(thrown(() => reg.loadVersion('NVDA', 2)).message).toMatch(/gru\/model\.json: expected sha256 a{64}/);
      h.tamper.addFile('NVDA', 1, 'gru/extra.bin', new Uint8Array([1]));
      expect(thrown(() => reg.loadVersion('NVDA', 1)).message).toMatch(/gru\/extra\.bin has no checksum/);
      h.tamper.removeFile('NVDA', 1, 'gru/extra.bin');
      h.tamper.removeFile('NVDA', 1, 'ensemble.json');
      expect(thrown(() => reg.loadVersion('NVDA', 1)).message).toMatch(/ensemble\.json is missing \(expected sha256/);
    });

    it('never serves a corrupted champion, reports it, and never promotes a corrupted version', () => {
      const h = fresh();
      const reg = twoVersions(h);
      h.tamper.truncateFile('NVDA', 2, 'gru/weights.bin', 10);
      expect(() => reg.loadChampion('NVDA')).toThrow(ModelIntegrityError);
      expect(reg.checkChampion('NVDA').problem).toMatch(/^champion v2 fails verification: .*weights\.bin/);
      expect(reg.summary('NVDA').championProblem).toMatch(/champion v2 fails verification/);
      expect(reg.listVersions('NVDA', { verify: true }).map((v) => [v.version, v.healthy])).toEqual([[1, true], [2, false]]);
      expect(() => reg.promote('NVDA', 2, { promote: true, reason: 'x' })).toThrow(ModelIntegrityError);
      expect(reg.rollback('NVDA', { reason: 'v2 failed its checksum' })).toMatchObject({ from: 2, to: 1 });
      expect(reg.loadChampion('NVDA').version).toBe(1);
    });

    it('treats a garbled pointer and a pointer to a missing version as integrity problems, without blocking a rescue', () => {
      const h = fresh();
      const reg = twoVersions(h);
      h.tamper.deleteVersion('NVDA', 2);
      expect(thrown(() => reg.loadChampion('NVDA')).message).toMatch(/champion points to v2, which is missing/);
      h.tamper.garbleChampion('NVDA');
      expect(() => reg.getChampion('NVDA')).toThrow(ModelIntegrityError);
      expect(reg.describe('NVDA').championProblem).toMatch(/champion\.json is (not valid JSON|malformed)/);
      expect(() => reg.prune('NVDA', { keep: 1 })).toThrow(ModelIntegrityError);
      expect(reg.restore('NVDA', 1, 'pointer was garbled')).toMatchObject({ from: null, to: 1, changed: true });
      expect(reg.loadChampion('NVDA').version).toBe(1);
    });

    it('before a retrain, replaces a corrupted champion by the newest intact version, or skips the backup saying why', () => {
      const h = fresh();
      const reg = twoVersions(h);
      h.tamper.truncateFile('NVDA', 2, 'gru/weights.bin', 100);
      const prepared = reg.backupBeforeRetrain('NVDA', 'before retrain');
      expect(prepared).toMatchObject({ championVersion: 1, backup: expect.objectContaining({ version: 1 }), repaired: { action: 'restore', from: 2, to: 1 } });
      h.tamper.truncateFile('NVDA', 1, 'gru/weights.bin', 100);
      const skipped = reg.backupBeforeRetrain('NVDA', 'before retrain');
      expect(skipped).toMatchObject({ backup: null, championVersion: 1 });
      expect(skipped.skipped).toMatch(/no intact version/);
      expect(chain(reg, 'NVDA')).toEqual(['promote:null->1', 'promote:1->2', 'restore:2->1', 'skip-backup:1->1']);
      expect(reg.listBackups('NVDA').map((b) => b.version)).toEqual([1]);
    });
  });

  describe('backups and retention', () => {
    function withChampion(h: RegistryHarness, options = {}) {
      const reg = h.open(options);
      reg.saveVersion('GOOGL', makeArtifact('GOOGL', 1));
      reg.promote('GOOGL', 1, { promote: true, reason: 'first' });
      return reg;
    }

    it('backs up the champion, lists backups, and restores one as the same version while it is kept', () => {
      const h = fresh();
      const reg = withChampion(h);
      const b = reg.backupChampion('GOOGL', 'before retrain'); // 00:02
      expect(b).toMatchObject({ id: '20250106T000200000Z-v1', symbol: 'GOOGL', version: 1, reason: 'before retrain', manifestDigest: reg.loadVersion('GOOGL', 1).manifestDigest });
      expect(h.open().listBackups('GOOGL')).toEqual([b]);
      reg.saveVersion('GOOGL', makeArtifact('GOOGL', 2));
      reg.promote('GOOGL', 2, { promote: true, reason: 'retrained' });
      expect(reg.restoreBackup('GOOGL', b.id)).toMatchObject({ version: 1, imported: false, change: { action: 'restore', from: 2, to: 1 } });
      expect(reg.auditLog('GOOGL').entries.at(-1)).toMatchObject({ action: 'restore', backupId: b.id });
    });

    it('gives two backups in the same millisecond different ids', () => {
      const frozen = new Date('2025-03-01T00:00:00Z');
      const reg = withChampion(fresh(), { now: () => frozen });
      expect([reg.backupChampion('GOOGL', 'a').id, reg.backupChampion('GOOGL', 'b').id]).toEqual(['20250301T000000000Z-v1', '20250301T000000000Z-1-v1']);
    });

    it('re-imports a backup as a new version when the original was pruned', () => {
      const reg = withChampion(fresh());
      const b = reg.backupChampion('GOOGL', 'before retrain');
      reg.saveVersion('GOOGL', makeArtifact('GOOGL', 2));
      reg.promote('GOOGL', 2, { promote: true, reason: 'retrained' });
      expect(reg.prune('GOOGL', { keep: 1 }).deleted).toEqual([1]);
      expect(reg.restoreBackup('GOOGL', b.id, 'v2 misbehaves')).toMatchObject({ version: 3, imported: true, change: { from: 2, to: 3 } });
      const champion = reg.loadChampion('GOOGL');
      expect(champion.metadata).toMatchObject({ version: 3, seed: 1, restoredFrom: { backupId: b.id, version: 1 } });
      expect(Buffer.from(champion.files['gru/weights.bin']!).equals(Buffer.from(makeArtifact('GOOGL', 1).files['gru/weights.bin']!))).toBe(true);
    });

    it('refuses a corrupted backup and unknown backup ids', () => {
      const h = fresh();
      const reg = withChampion(h);
      const b = reg.backupChampion('GOOGL', 'x');
      h.tamper.truncateBackupFile('GOOGL', b.id, 'gru/weights.bin', 5);
      expect(() => reg.restoreBackup('GOOGL', b.id)).toThrow(ModelIntegrityError);
      expect(() => reg.restoreBackup('GOOGL', 'nope')).toThrow(ModelNotFoundError);
      expect(() => reg.restoreBackup('GOOGL', '20990101T000000000Z-v1')).toThrow(ModelNotFoundError);
      expect(() => reg.backupChampion('AAPL', 'z')).toThrow(ModelNotFoundError);
      expect(reg.getChampion('GOOGL')?.version).toBe(1);
    });

    it('prunes to the last N versions plus the champion, and backups to their own count', () => {
      const reg = fresh().open();
      for (let i = 1; i <= 6; i++) reg.saveVersion('SMCI', makeArtifact('SMCI', i));
      reg.promote('SMCI', 2, { promote: true, reason: 'the good one' });
      const ids = [1, 2, 3].map((i) => reg.backupChampion('SMCI', `before retrain ${i}`).id);
      expect(reg.prune('SMCI', { keep: 3, keepBackups: 1 })).toEqual({ deleted: [1, 3], kept: [2, 4, 5, 6], deletedBackups: ids.slice(0, 2) });
      expect(reg.listVersions('SMCI').map((v) => v.version)).toEqual([2, 4, 5, 6]);
      expect(reg.listBackups('SMCI').map((b) => b.id)).toEqual([ids[2]]);
      expect(reg.loadChampion('SMCI').version).toBe(2);
    });
  });
}
