import { spawnSync } from 'node:child_process';
import nodeFs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RegistryFs } from '../../../domain/registry/index.js';
import { scaled } from '../../helpers/timeouts.js';
import { makeArtifact, makeRegistry, tempDataDir } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) nodeFs.rmSync(d, { recursive: true, force: true });
});
function setup() {
  const dataDir = tempDataDir('reg-crash');
  dirs.push(dataDir);
  const reg = makeRegistry(dataDir);
  reg.saveVersion('AAPL', makeArtifact('AAPL', 1));
  reg.promote('AAPL', 1, { promote: true, reason: 'first' });
  const symbolDir = path.join(dataDir, 'models', 'AAPL');
  return { dataDir, reg, symbolDir };
}
const temps = (dir: string) => nodeFs.readdirSync(dir).filter((n) => n.startsWith('.tmp-'));

describe('crash between write and rename', () => {
  it('a rename that fails leaves the champion intact and no new version', () => {
    const { dataDir, symbolDir } = setup();
    const failing: RegistryFs = {
      ...nodeFs,
      renameSync(from, to) {
        if (path.basename(String(from)).startsWith('.tmp-version')) throw Object.assign(new Error('EIO: simulated disk failure'), { code: 'EIO' });
        nodeFs.renameSync(from, to);
      },
    };
    const broken = makeRegistry(dataDir, { fs: failing });
    expect(() => broken.saveVersion('AAPL', makeArtifact('AAPL', 2))).toThrow(/simulated disk failure/);

    const reg = makeRegistry(dataDir);
    expect(reg.listVersions('AAPL').map((v) => v.version)).toEqual([1]);
    expect(reg.loadChampion('AAPL').version).toBe(1);
    expect(temps(symbolDir)).toEqual([]); // an in-process failure cleans up after itself
    expect(reg.saveVersion('AAPL', makeArtifact('AAPL', 2)).version).toBe(2);
  });

  it('a champion pointer write that fails before its rename leaves the old pointer', () => {
    const { dataDir, reg } = setup();
    reg.saveVersion('AAPL', makeArtifact('AAPL', 2));
    const failing: RegistryFs = {
      ...nodeFs,
      renameSync(from, to) {
        if (path.basename(String(to)) === 'champion.json') throw Object.assign(new Error('ENOSPC: simulated'), { code: 'ENOSPC' });
        nodeFs.renameSync(from, to);
      },
    };
    expect(() => makeRegistry(dataDir, { fs: failing }).promote('AAPL', 2, { promote: true, reason: 'x' })).toThrow(/ENOSPC/);
    expect(reg.getChampion('AAPL')?.version).toBe(1);
    expect(reg.loadChampion('AAPL').version).toBe(1);
    expect(reg.auditLog('AAPL').entries).toHaveLength(1); // no audit line for a change that did not happen
  });

  it('a process killed mid-write leaves only an ignored temp dir, which cleanupTemp removes', () => {
    const { dataDir, reg, symbolDir } = setup();
    const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'fixtures', 'crash-writer.ts'), path.join(dataDir, 'models'), 'AAPL'], {
      cwd: path.join(import.meta.dirname, '..', '..', '..'),
      encoding: 'utf8',
      timeout: scaled(30_000),
    });
    expect(child.signal, child.stderr).toBe('SIGKILL');
    expect(child.stdout).toContain('about to rename; crashing');

    const leftovers = temps(symbolDir);
    expect(leftovers).toHaveLength(1);
    // The abandoned dir holds a complete write — it just never became a version.
    expect(nodeFs.existsSync(path.join(symbolDir, leftovers[0]!, 'gru', 'weights.bin'))).toBe(true);

    expect(reg.listVersions('AAPL').map((v) => v.version)).toEqual([1]);
    expect(reg.loadChampion('AAPL').version).toBe(1);

    expect(reg.cleanupTemp().removed).toEqual([]); // too young: might be a write in progress
    expect(reg.cleanupTemp({ olderThanMs: 0 }).removed).toEqual([path.join(symbolDir, leftovers[0]!)]);
    expect(temps(symbolDir)).toEqual([]);
    expect(reg.saveVersion('AAPL', makeArtifact('AAPL', 3)).version).toBe(2);
  });
});
