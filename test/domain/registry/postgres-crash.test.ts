/**
 * A process killed mid-transaction on the PostgreSQL registry (SIGKILL: no ROLLBACK sent) leaves
 * nothing half-written: the server rolls the transaction back when the connection drops, so a
 * half-inserted version never becomes visible, a champion pointer never moves without its audit
 * record, and the symbol's advisory lock is free again for the next writer.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPostgresRegistry } from '../../../domain/registry/open-postgres.js';
import { testPostgresUrl } from '../../helpers/postgres.js';
import { scaled } from '../../helpers/timeouts.js';
import { makeArtifact, steppingClock } from './helpers.js';

const url = testPostgresUrl('registry_crash');
const repoRoot = path.join(import.meta.dirname, '..', '..', '..');

function crash(...args: string[]) {
  const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'fixtures', 'pg-crash-writer.ts'), url, ...args], {
    cwd: repoRoot, encoding: 'utf8', timeout: scaled(60_000),
  });
  expect(child.signal, child.stderr).toBe('SIGKILL');
  return child.stdout;
}

describe('a crash mid-transaction on the PostgreSQL registry', () => {
  it('leaves no half-written version, no pointer without its audit record, and no lock held', () => {
    const reg = openPostgresRegistry({ url, now: steppingClock(), lockTimeoutMs: scaled(30_000) });
    try {
      reg.saveVersion('AAPL', makeArtifact('AAPL', 1));
      reg.saveVersion('AAPL', makeArtifact('AAPL', 2));
      reg.promote('AAPL', 1, { promote: true, reason: 'first' });

      expect(crash('AAPL', 'save')).toContain('in the save transaction; crashing');
      expect(reg.listVersions('AAPL').map((v) => v.version)).toEqual([1, 2]);
      expect(reg.loadChampion('AAPL').version).toBe(1);

      expect(crash('AAPL', 'promote', '2')).toContain('in the promote transaction; crashing');
      expect(reg.getChampion('AAPL')).toMatchObject({ version: 1, reason: 'first' });
      expect(reg.auditLog('AAPL').entries.map((e) => `${e.action}:${e.from}->${e.to}`)).toEqual(['promote:null->1']);

      // The dead connection's locks went with it: the next change and save go through.
      expect(reg.promote('AAPL', 2, { promote: true, reason: 'second' })).toMatchObject({ from: 1, to: 2 });
      expect(reg.saveVersion('AAPL', makeArtifact('AAPL', 3)).version).toBe(3);
      expect(reg.loadVersion('AAPL', 3).metadata.seed).toBe(3);
    } finally {
      reg.close();
    }
  });
});
