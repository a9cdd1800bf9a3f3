import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../common/errors.js';
import { makeArtifact, makeRegistry, tempDataDir } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function setup() {
  const dataDir = tempDataDir('reg-retention');
  dirs.push(dataDir);
  return { dataDir, reg: makeRegistry(dataDir) };
}

describe('retention', () => {
  it('keeps the last N versions plus the champion, whatever its age', () => {
    const { reg } = setup();
    for (let i = 1; i <= 6; i++) reg.saveVersion('SMCI', makeArtifact('SMCI', i));
    reg.promote('SMCI', 2, { promote: true, reason: 'the good one' });
    const result = reg.prune('SMCI', { keep: 3 });
    expect(result).toEqual({ deleted: [1, 3], kept: [2, 4, 5, 6], deletedBackups: [] });
    expect(reg.listVersions('SMCI').map((v) => v.version)).toEqual([2, 4, 5, 6]);
    expect(reg.loadChampion('SMCI').version).toBe(2);
  });

  it('keeps the champion even with keep = 1 when it is not the newest', () => {
    const { reg } = setup();
    for (let i = 1; i <= 3; i++) reg.saveVersion('SMCI', makeArtifact('SMCI', i));
    reg.promote('SMCI', 1, { promote: true, reason: 'x' });
    expect(reg.prune('SMCI', { keep: 1 }).kept).toEqual([1, 3]);
  });

  it('refuses to prune when the champion pointer is unreadable, and validates keep', () => {
    const { reg, dataDir } = setup();
    for (let i = 1; i <= 3; i++) reg.saveVersion('SMCI', makeArtifact('SMCI', i));
    fs.writeFileSync(path.join(dataDir, 'models', 'SMCI', 'champion.json'), 'garbage');
    expect(() => reg.prune('SMCI', { keep: 1 })).toThrow(/champion\.json is not valid JSON/);
    expect(reg.listVersions('SMCI')).toHaveLength(3);
    expect(() => reg.prune('SMCI', { keep: 0 })).toThrow(ConfigError);
  });

  it('prunes backups to their own count', () => {
    const { reg } = setup();
    reg.saveVersion('MP', makeArtifact('MP', 1));
    reg.promote('MP', 1, { promote: true, reason: 'x' });
    const ids = [1, 2, 3].map((i) => reg.backupChampion('MP', `before retrain ${i}`).id);
    const result = reg.prune('MP', { keep: 5, keepBackups: 1 });
    expect(result.deletedBackups).toEqual(ids.slice(0, 2));
    expect(reg.listBackups('MP').map((b) => b.id)).toEqual([ids[2]]);
  });

  it('cleanupTemp removes stale temp files and unfinished deletes, but leaves fresh writes alone', () => {
    const { reg, dataDir } = setup();
    reg.saveVersion('MP', makeArtifact('MP', 1));
    const symbolDir = path.join(dataDir, 'models', 'MP');
    const staleFile = path.join(symbolDir, '.tmp-champion.json-1-x');
    const fresh = path.join(symbolDir, '.tmp-version-2-y');
    const deleting = path.join(symbolDir, '.tmp-deleting-v9-3-z');
    fs.writeFileSync(staleFile, '{}');
    const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
    fs.utimesSync(staleFile, old, old);
    fs.mkdirSync(fresh);
    fs.mkdirSync(deleting);
    expect(reg.cleanupTemp().removed.sort()).toEqual([deleting, staleFile].sort());
    expect(fs.existsSync(fresh)).toBe(true);
    expect(reg.listVersions('MP').map((v) => v.version)).toEqual([1]);
  });
});
