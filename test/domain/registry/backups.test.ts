import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ModelIntegrityError } from '../../../common/errors.js';
import { ModelNotFoundError } from '../../../domain/registry/index.js';
import { makeArtifact, makeRegistry, tempDataDir } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function setup() {
  const dataDir = tempDataDir('reg-backups');
  dirs.push(dataDir);
  const reg = makeRegistry(dataDir);
  reg.saveVersion('GOOGL', makeArtifact('GOOGL', 1)); // 00:00
  reg.promote('GOOGL', 1, { promote: true, reason: 'first' }); // 00:01
  return { dataDir, reg };
}

describe('backups', () => {
  it('backs up the champion under <root>/../backups/<SYMBOL>/<stamp>-v<N>/', () => {
    const { dataDir, reg } = setup();
    const b = reg.backupChampion('GOOGL', 'before retrain'); // 00:02
    expect(b).toMatchObject({ id: '20250106T000200000Z-v1', symbol: 'GOOGL', version: 1, at: '2025-01-06T00:02:00.000Z', reason: 'before retrain' });
    expect(b.dir).toBe(path.join(dataDir, 'backups', 'GOOGL', b.id));
    expect(fs.readdirSync(b.dir).sort()).toEqual(['backup.json', 'checksums.json', 'ensemble.json', 'gru', 'metadata.json']);
    expect(b.manifestDigest).toBe(reg.loadVersion('GOOGL', 1).manifestDigest);
    expect(reg.listBackups('GOOGL')).toEqual([b]);
  });

  it('gives two backups in the same millisecond different ids', () => {
    const dataDir = tempDataDir('reg-backups');
    dirs.push(dataDir);
    const frozen = new Date('2025-03-01T00:00:00Z');
    const reg = makeRegistry(dataDir, { now: () => frozen });
    reg.saveVersion('GOOGL', makeArtifact('GOOGL', 1));
    reg.promote('GOOGL', 1, { promote: true, reason: 'x' });
    const ids = [reg.backupChampion('GOOGL', 'a').id, reg.backupChampion('GOOGL', 'b').id];
    expect(ids).toEqual(['20250301T000000000Z-v1', '20250301T000000000Z-1-v1']);
  });

  it('restores a backup as the same version when that version is still kept', () => {
    const { reg } = setup();
    const b = reg.backupChampion('GOOGL', 'before retrain');
    reg.saveVersion('GOOGL', makeArtifact('GOOGL', 2));
    reg.promote('GOOGL', 2, { promote: true, reason: 'retrained' });
    const r = reg.restoreBackup('GOOGL', b.id);
    expect(r).toMatchObject({ version: 1, imported: false, change: { action: 'restore', from: 2, to: 1, reason: `restore backup ${b.id} (before retrain)` } });
    expect(reg.loadChampion('GOOGL').version).toBe(1);
    expect(reg.auditLog('GOOGL').entries.at(-1)).toMatchObject({ action: 'restore', backupId: b.id });
  });

  it('re-imports a backup as a new version when the original was pruned', () => {
    const { reg } = setup();
    const b = reg.backupChampion('GOOGL', 'before retrain');
    reg.saveVersion('GOOGL', makeArtifact('GOOGL', 2));
    reg.promote('GOOGL', 2, { promote: true, reason: 'retrained' });
    reg.prune('GOOGL', { keep: 1 });
    expect(reg.listVersions('GOOGL').map((v) => v.version)).toEqual([2]);

    const r = reg.restoreBackup('GOOGL', b.id, 'v2 misbehaves live');
    expect(r).toMatchObject({ version: 3, imported: true, change: { from: 2, to: 3, reason: 'v2 misbehaves live' } });
    const champion = reg.loadChampion('GOOGL');
    expect(champion.version).toBe(3);
    expect(champion.metadata).toMatchObject({ version: 3, seed: 1, restoredFrom: { backupId: b.id, version: 1 } });
    expect(Buffer.from(champion.files['gru/weights.bin']!).equals(Buffer.from(makeArtifact('GOOGL', 1).files['gru/weights.bin']!))).toBe(true);
  });

  it('refuses a corrupted backup, a corrupted champion, and unknown ids', () => {
    const { dataDir, reg } = setup();
    const b = reg.backupChampion('GOOGL', 'x');
    fs.truncateSync(path.join(b.dir, 'gru', 'weights.bin'), 5);
    expect(() => reg.restoreBackup('GOOGL', b.id)).toThrow(ModelIntegrityError);
    expect(() => reg.restoreBackup('GOOGL', 'nope')).toThrow(ModelNotFoundError);
    expect(() => reg.restoreBackup('GOOGL', '20990101T000000000Z-v1')).toThrow(ModelNotFoundError);

    fs.truncateSync(path.join(dataDir, 'models', 'GOOGL', 'v1', 'ensemble.json'), 2);
    expect(() => reg.backupChampion('GOOGL', 'y')).toThrow(ModelIntegrityError);
    expect(reg.listBackups('GOOGL')).toHaveLength(1);
    expect(() => reg.backupChampion('AAPL', 'z')).toThrow(ModelNotFoundError);
  });

  it('honours a registry-level backups directory', () => {
    const dataDir = tempDataDir('reg-backups');
    dirs.push(dataDir);
    const reg = makeRegistry(dataDir, { backupsRoot: path.join(dataDir, 'elsewhere') });
    reg.saveVersion('SPY', makeArtifact('SPY', 1));
    reg.promote('SPY', 1, { promote: true, reason: 'x' });
    expect(reg.backupChampion('SPY', 'x').dir.startsWith(path.join(dataDir, 'elsewhere', 'SPY'))).toBe(true);
  });

  it('a backup whose metadata is not valid JSON (checksums forged to match) is a ModelIntegrityError, like a version', async () => {
    const { createHash } = await import('node:crypto');
    const { manifestDigest } = await import('../../../domain/registry/checksums.js');
    const dir = tempDataDir('reg-backup-meta');
    const reg = makeRegistry(dir);
    reg.saveVersion('TSLA', makeArtifact('TSLA', 1));
    reg.promote('TSLA', 1, { promote: true, reason: 'first' });
    const backup = reg.backupChampion('TSLA', 'before');
    const meta = path.join(backup.dir, 'metadata.json');
    fs.writeFileSync(meta, '{ not json');
    const sumsFile = path.join(backup.dir, 'checksums.json');
    const sums = JSON.parse(fs.readFileSync(sumsFile, 'utf8'));
    sums.files['metadata.json'] = { sha256: createHash('sha256').update(fs.readFileSync(meta)).digest('hex'), bytes: fs.statSync(meta).size };
    sums.manifest = manifestDigest(sums.files);
    fs.writeFileSync(sumsFile, JSON.stringify(sums));
    const record = path.join(backup.dir, 'backup.json');
    fs.writeFileSync(record, JSON.stringify({ ...JSON.parse(fs.readFileSync(record, 'utf8')), manifestDigest: sums.manifest }));
    let error: unknown;
    try {
      reg.restoreBackup('TSLA', backup.id);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ModelIntegrityError);
    expect((error as Error).message).toMatch(/metadata\.json is not valid JSON/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
