import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RegistryBusyError } from '../../../domain/registry/index.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { makeArtifact, makeRegistry } from './helpers.js';

describe('the per-symbol registry lock', () => {
  function registryWithTwoVersions() {
    const dir = tempDir('reg-lock-');
    const reg = makeRegistry(dir, { lockTimeoutMs: 300 });
    reg.saveVersion('TSM', makeArtifact('TSM', 1));
    reg.saveVersion('TSM', makeArtifact('TSM', 2));
    reg.promote('TSM', 2, { promote: true, reason: 'first' });
    return { reg, lockFile: path.join(dir, 'models', 'TSM', '.lock') };
  }

  it('a champion change or prune waits for another holder and gives up with a retryable error', () => {
    const { reg, lockFile } = registryWithTwoVersions();
    expect(fs.existsSync(lockFile)).toBe(false); // released after the promotion
    fs.mkdirSync(lockFile); // proper-lockfile's lock is a directory, fresh: held by another process
    const started = Date.now();
    expect(() => reg.restore('TSM', 1)).toThrow(RegistryBusyError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(() => reg.prune('TSM', { keep: 1 })).toThrow(/locked by another process/);
    expect(reg.getChampion('TSM')?.version).toBe(2);
    expect(reg.listVersions('TSM')).toHaveLength(2);
    expect(new RegistryBusyError('TSM', lockFile, 1).permanent).toBe(false);
  });

  it('takes over a lock left behind by a crashed process', () => {
    const { reg, lockFile } = registryWithTwoVersions();
    fs.mkdirSync(lockFile); // left behind by a process that crashed 10 minutes ago
    const old = (Date.now() - 10 * 60_000) / 1000;
    fs.utimesSync(lockFile, old, old);
    expect(reg.restore('TSM', 1).to).toBe(1);
    expect(fs.existsSync(lockFile)).toBe(false);
  });
});
