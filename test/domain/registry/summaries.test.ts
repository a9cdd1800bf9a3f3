/**
 * `registry.summaries()`: every symbol's status summary in one pass — the same answer as
 * `summary(symbol)` one by one, a symbol without models included, and a broken champion reported
 * as that symbol's problem without hiding the others.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeArtifact, makeRegistry, tempDataDir } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('registry.summaries', () => {
  it('summarises every registry symbol (or the named ones, in that order) as summary() does', () => {
    const root = tempDataDir('reg-summaries');
    dirs.push(root);
    const reg = makeRegistry(root);
    reg.saveVersion('AAA', makeArtifact('AAA', 1));
    reg.saveVersion('AAA', makeArtifact('AAA', 2));
    reg.promote('AAA', 2, { promote: true, reason: 'first' });
    reg.saveVersion('BBB', makeArtifact('BBB', 3)); // a version, no champion

    const all = reg.summaries();
    expect(all.map((s) => s.symbol)).toEqual(['AAA', 'BBB']);
    for (const s of all) expect(s).toEqual({ symbol: s.symbol, ...reg.summary(s.symbol) });
    expect(all[0]).toMatchObject({ champion: { version: 2 }, versionCount: 2 });
    expect(all[0]?.championMetadata?.version).toBe(2);
    expect(all[1]).toMatchObject({ champion: null, championMetadata: null, versionCount: 1 });

    const named = reg.summaries(['BBB', 'ZZZ', 'AAA']);
    expect(named.map((s) => [s.symbol, s.versionCount, s.champion?.version ?? null])).toEqual([['BBB', 1, null], ['ZZZ', 0, null], ['AAA', 2, 2]]);
  });

  it('reports a champion that fails verification, or an unreadable pointer, on that symbol only', () => {
    const root = tempDataDir('reg-summaries');
    dirs.push(root);
    const reg = makeRegistry(root);
    for (const symbol of ['AAA', 'BBB', 'CCC']) {
      reg.saveVersion(symbol, makeArtifact(symbol, 1));
      reg.promote(symbol, 1, { promote: true, reason: 'first' });
    }
    fs.truncateSync(path.join(root, 'models', 'AAA', 'v1', 'gru', 'weights.bin'), 10);
    fs.writeFileSync(path.join(root, 'models', 'BBB', 'champion.json'), '{not json');
    const [a, b, c] = reg.summaries();
    expect(a?.championProblem).toMatch(/champion v1 fails verification: .*weights\.bin/);
    expect(b?.championProblem).toMatch(/champion\.json/);
    expect(c?.championProblem).toBeUndefined();
    expect(c?.champion?.version).toBe(1);
  });
});
