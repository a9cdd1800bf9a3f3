/**
 * What a retrain relies on from the registry: a corrupt champion is reported and does not
 * block the retrain; a promotion never overrides a champion it was not compared against and
 * is not applied twice; a retried training finds the version its earlier attempt saved.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { withSymbolLock } from '../../../domain/registry/index.js';
import { makeArtifact, makeRegistry, tempDataDir } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** v1 and v2 saved, v2 champion (promoted over v1). */
function setup(symbol = 'NVDA') {
  const root = tempDataDir('reg-retrain');
  dirs.push(root);
  const reg = makeRegistry(root);
  reg.saveVersion(symbol, makeArtifact(symbol, 1));
  reg.saveVersion(symbol, makeArtifact(symbol, 2));
  reg.promote(symbol, 1, { promote: true, reason: 'first' });
  reg.promote(symbol, 2, { promote: true, reason: 'second' });
  const truncate = (v: number) => fs.truncateSync(path.join(root, 'models', symbol, `v${v}`, 'gru', 'weights.bin'), 100);
  return { reg, root, truncate };
}

const actions = (reg: ReturnType<typeof makeRegistry>, symbol = 'NVDA') =>
  reg.auditLog(symbol).entries.map((e) => `${e.action}:${e.from}->${e.to}`);

describe('a corrupted champion', () => {
  it('is reported by checkChampion, summary and describe (the API\'s championProblem)', () => {
    const { reg, truncate } = setup();
    expect(reg.checkChampion('NVDA')).toEqual({ pointer: expect.objectContaining({ version: 2 }) });
    expect(reg.summary('NVDA').championProblem).toBeUndefined();
    truncate(2);
    const check = reg.checkChampion('NVDA');
    expect(check.pointer?.version).toBe(2);
    expect(check.problem).toMatch(/^champion v2 fails verification: .*weights\.bin/);
    expect(reg.summary('NVDA').championProblem).toBe(check.problem);
    expect(reg.describe('NVDA').championProblem).toBe(check.problem);
  });

  it('is replaced by the newest intact version before a retrain, which is then backed up', () => {
    const { reg, truncate } = setup();
    truncate(2);
    expect(() => reg.backupChampion('NVDA', 'plain backup')).toThrow(/weights\.bin/);
    const prepared = reg.backupBeforeRetrain('NVDA', 'before retrain');
    expect(prepared.championVersion).toBe(1);
    expect(prepared.backup?.version).toBe(1);
    expect(prepared.repaired).toMatchObject({ action: 'restore', from: 2, to: 1, changed: true });
    expect(prepared.skipped).toBeUndefined();
    expect(reg.getChampion('NVDA')?.version).toBe(1);
    expect(reg.checkChampion('NVDA').problem).toBeUndefined();
    const last = reg.auditLog('NVDA').entries.at(-1)!;
    expect(last).toMatchObject({ action: 'restore', from: 2, to: 1 });
    expect(last.reason).toMatch(/automatic before retrain: champion v2 fails verification: .*weights\.bin.*restored the newest intact version v1/);
  });

  it('without any intact version: the backup is skipped and the audit log says why', () => {
    const { reg, truncate } = setup();
    truncate(1);
    truncate(2);
    const prepared = reg.backupBeforeRetrain('NVDA', 'before retrain');
    expect(prepared).toMatchObject({ backup: null, championVersion: 2 });
    expect(prepared.skipped).toMatch(/backup skipped before retrain: champion v2 fails verification.*no intact version/);
    expect(reg.listBackups('NVDA')).toEqual([]);
    expect(actions(reg)).toEqual(['promote:null->1', 'promote:1->2', 'skip-backup:2->2']);
    // A skip line is not a champion change: championAt and rollback ignore it.
    expect(reg.championAt('NVDA', new Date('2100-01-01'))?.version).toBe(2);
  });

  it('an intact champion is backed up as before, and no champion means no backup', () => {
    const { reg } = setup();
    expect(reg.backupBeforeRetrain('NVDA', 'before retrain')).toMatchObject({ championVersion: 2, backup: expect.objectContaining({ version: 2 }) });
    expect(reg.backupBeforeRetrain('AMD', 'before retrain')).toEqual({ backup: null, championVersion: null });
    expect(actions(reg)).toEqual(['promote:null->1', 'promote:1->2']);
  });
});

describe('promoteChallenger', () => {
  it('keeps the challenger when the champion was restored after the comparison, and says why', () => {
    const { reg } = setup();
    reg.saveVersion('NVDA', makeArtifact('NVDA', 3));
    reg.restore('NVDA', 1, 'manual restore'); // the operator, while v3 was compared against v2
    let gateRan = false;
    const outcome = reg.promoteChallenger('NVDA', 3, 2, () => {
      gateRan = true;
      return { promote: true, reason: 'promoted v3 over champion v2' };
    });
    expect(gateRan).toBe(false);
    expect(outcome).toMatchObject({ promoted: false, superseded: true, alreadyApplied: false });
    expect(outcome.reason).toMatch(/champion changed from v2 to v1 while challenger v3 was being trained/);
    expect(reg.getChampion('NVDA')?.version).toBe(1);
    expect(actions(reg)).toEqual(['promote:null->1', 'promote:1->2', 'restore:2->1', 'keep:1->1']);
    expect(reg.auditLog('NVDA').entries.at(-1)?.challenger).toBe(3);
  });

  it('applies the gate when the champion is the one compared against', () => {
    const { reg } = setup();
    reg.saveVersion('NVDA', makeArtifact('NVDA', 3));
    const outcome = reg.promoteChallenger('NVDA', 3, 2, () => ({ promote: true, reason: 'promoted v3 over champion v2' }));
    expect(outcome).toMatchObject({ promoted: true, superseded: false, alreadyApplied: false, reason: 'promoted v3 over champion v2' });
    expect(outcome.change).toMatchObject({ from: 2, to: 3, changed: true });
    expect(reg.getChampion('NVDA')?.version).toBe(3);
  });

  it('is not applied twice when retried after its completion was lost (promote and keep)', () => {
    const { reg } = setup();
    reg.saveVersion('NVDA', makeArtifact('NVDA', 3));
    reg.saveVersion('NVDA', makeArtifact('NVDA', 4));
    reg.promoteChallenger('NVDA', 3, 2, () => ({ promote: true, reason: 'promoted v3' }));
    const retried = reg.promoteChallenger('NVDA', 3, 2, () => {
      throw new Error('the gate must not run again');
    });
    expect(retried).toMatchObject({ promoted: true, alreadyApplied: true, superseded: false, reason: 'promoted v3' });
    expect(retried.change).toMatchObject({ from: 2, to: 3 });
    reg.promoteChallenger('NVDA', 4, 3, () => ({ promote: false, reason: 'kept champion v3' }));
    const keptAgain = reg.promoteChallenger('NVDA', 4, 3, () => ({ promote: true, reason: 'must not run' }));
    expect(keptAgain).toMatchObject({ promoted: false, alreadyApplied: true, reason: 'kept champion v3' });
    expect(actions(reg)).toEqual(['promote:null->1', 'promote:1->2', 'promote:2->3', 'keep:3->3']);
  });

  it('takes the same symbol lock as a restore: while another writer holds it, a promotion fails naming the lock and changes nothing', () => {
    const { reg, root } = setup();
    reg.saveVersion('NVDA', makeArtifact('NVDA', 3));
    const busy = makeRegistry(root, { lockTimeoutMs: 50 });
    const symbolDir = path.join(root, 'models', 'NVDA');
    withSymbolLock(symbolDir, 'NVDA', () => {
      expect(() => busy.promoteChallenger('NVDA', 3, 2, () => ({ promote: true, reason: 'x' }))).toThrow(/locked by another process/);
      expect(() => busy.promote('NVDA', 3, { promote: false, reason: 'keep' })).toThrow(/locked by another process/);
    });
    expect(actions(reg)).toEqual(['promote:null->1', 'promote:1->2']);
  });
});

describe('findVersionByIdempotencyKey', () => {
  it('finds the verified version an earlier attempt saved with the same key, and nothing else', () => {
    const { reg, truncate } = setup();
    const artifact = makeArtifact('NVDA', 3);
    const saved = reg.saveVersion('NVDA', { ...artifact, metadata: { ...artifact.metadata, idempotencyKey: 'retrain-NVDA/run-1' } });
    expect(reg.findVersionByIdempotencyKey('NVDA', 'retrain-NVDA/run-1')?.version).toBe(saved.version);
    expect(reg.findVersionByIdempotencyKey('NVDA', 'retrain-NVDA/run-2')).toBeNull();
    expect(reg.findVersionByIdempotencyKey('AMD', 'retrain-NVDA/run-1')).toBeNull();
    truncate(saved.version); // a damaged earlier save is not reused: the job trains again
    expect(reg.findVersionByIdempotencyKey('NVDA', 'retrain-NVDA/run-1')).toBeNull();
  });
});
