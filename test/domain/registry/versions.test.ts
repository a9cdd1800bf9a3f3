import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidModelArtifactError, ModelNotFoundError, type RegistryFs } from '../../../domain/registry/index.js';
import { makeArtifact, makeRegistry, tempDataDir } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function dataDir(): string {
  const d = tempDataDir('reg-versions');
  dirs.push(d);
  return d;
}

describe('saving and loading versions', () => {
  it('round-trips files and metadata byte for byte', () => {
    const reg = makeRegistry(dataDir());
    const artifact = makeArtifact('NVDA', 3);
    const saved = reg.saveVersion('NVDA', artifact);
    expect(saved.version).toBe(1);

    const loaded = reg.loadVersion('NVDA', 1);
    expect(Object.keys(loaded.files).sort()).toEqual(['ensemble.json', 'gru/model.json', 'gru/weights.bin']);
    for (const [rel, bytes] of Object.entries(artifact.files)) {
      expect(Buffer.compare(Buffer.from(loaded.files[rel]!), Buffer.from(bytes))).toBe(0);
    }
    expect(loaded.metadata).toMatchObject({ ...artifact.metadata, version: 1, registeredAt: '2025-01-06T00:00:00.000Z' });
    expect(loaded.manifestDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(loaded.manifestDigest).toBe(saved.manifestDigest);
  });

  it('lays versions out as models/<SYMBOL>/v<N>/ with metadata.json and checksums.json', () => {
    const root = dataDir();
    const reg = makeRegistry(root);
    reg.saveVersion('AAPL', makeArtifact('AAPL'));
    const vdir = path.join(root, 'models', 'AAPL', 'v1');
    expect(fs.readdirSync(vdir).sort()).toEqual(['checksums.json', 'ensemble.json', 'gru', 'metadata.json']);
    const checksums = JSON.parse(fs.readFileSync(path.join(vdir, 'checksums.json'), 'utf8'));
    expect(Object.keys(checksums.files).sort()).toEqual(['ensemble.json', 'gru/model.json', 'gru/weights.bin', 'metadata.json']);
    expect(checksums.files['gru/weights.bin'].bytes).toBe(4096);
  });

  it('numbers versions 1, 2, 3 per symbol independently', () => {
    const reg = makeRegistry(dataDir());
    expect(reg.saveVersion('TSLA', makeArtifact('TSLA', 1)).version).toBe(1);
    expect(reg.saveVersion('TSLA', makeArtifact('TSLA', 2)).version).toBe(2);
    expect(reg.saveVersion('SPY', makeArtifact('SPY', 1)).version).toBe(1);
    expect(reg.saveVersion('TSLA', makeArtifact('TSLA', 3)).version).toBe(3);
    expect(reg.listVersions('TSLA').map((v) => v.version)).toEqual([1, 2, 3]);
    expect(reg.listSymbols()).toEqual(['SPY', 'TSLA']);
  });

  it('never reuses a number, even after the newest versions were deleted', () => {
    const root = dataDir();
    const reg = makeRegistry(root);
    for (let i = 1; i <= 3; i++) reg.saveVersion('MSFT', makeArtifact('MSFT', i));
    reg.promote('MSFT', 1, { promote: true, reason: 'first' });
    reg.prune('MSFT', { keep: 1 }); // keeps v3 (newest) and v1 (champion), deletes v2
    fs.rmSync(path.join(root, 'models', 'MSFT', 'v3'), { recursive: true }); // an operator deletes v3 by hand
    expect(reg.saveVersion('MSFT', makeArtifact('MSFT', 4)).version).toBe(4);
  });

  it('continues numbering in a second registry instance on the same root (another process)', () => {
    const root = dataDir();
    makeRegistry(root).saveVersion('MP', makeArtifact('MP', 1));
    expect(makeRegistry(root).saveVersion('MP', makeArtifact('MP', 2)).version).toBe(2);
  });

  it('takes the next number when another writer claims its number first (rename collision)', () => {
    const root = dataDir();
    const other = makeRegistry(root);
    let raced = false;
    const racingFs: RegistryFs = {
      ...fs,
      renameSync(from, to) {
        if (!raced && path.basename(String(from)).startsWith('.tmp-version')) {
          raced = true;
          other.saveVersion('TSM', makeArtifact('TSM', 7)); // lands as v1 between our listing and our rename
        }
        fs.renameSync(from, to);
      },
    };
    const saved = makeRegistry(root, { fs: racingFs }).saveVersion('TSM', makeArtifact('TSM', 8));
    expect(saved.version).toBe(2);
    expect(other.loadVersion('TSM', 1).metadata.seed).toBe(7);
    expect(other.loadVersion('TSM', 2).metadata).toMatchObject({ seed: 8, version: 2 });
  });

  it('lists versions with metadata summaries and the champion flag', () => {
    const reg = makeRegistry(dataDir());
    reg.saveVersion('PLTR', makeArtifact('PLTR', 1, { mape: 0.031, directionAccuracy: 0.52, n: 250 }));
    reg.saveVersion('PLTR', makeArtifact('PLTR', 2, { mape: 0.029, directionAccuracy: 0.54, n: 250 }));
    reg.promote('PLTR', 2, { promote: true, reason: 'better' });
    const list = reg.listVersions('PLTR', { verify: true });
    expect(list).toEqual([
      expect.objectContaining({ version: 1, recipe: 'gru+ridge@1', mape: 0.031, directionAccuracy: 0.52, n: 250, isChampion: false, healthy: true }),
      expect.objectContaining({ version: 2, mape: 0.029, isChampion: true, healthy: true }),
    ]);
    const d = reg.describe('PLTR');
    expect(d.champion).toMatchObject({ version: 2, reason: 'better' });
    expect(d.championMetadata).toMatchObject({ version: 2, symbol: 'PLTR' });
    expect(d.versions).toHaveLength(2);
    expect(d.recentAudit.map((e) => e.action)).toEqual(['promote']);
    expect(reg.describe('PLTR', { auditEntries: 0 }).recentAudit).toEqual([]);
    // The cheap summary (the API's hot path) agrees with describe.
    expect(reg.summary('PLTR')).toEqual({ champion: d.champion, championMetadata: d.championMetadata, versionCount: 2 });
  });

  it('refuses artifacts it cannot store safely', () => {
    const reg = makeRegistry(dataDir());
    const good = makeArtifact('AMZN');
    const cases: Array<[string, () => unknown]> = [
      ['path traversal', () => reg.saveVersion('AMZN', { ...good, files: { '../evil.bin': new Uint8Array(1) } })],
      ['absolute path', () => reg.saveVersion('AMZN', { ...good, files: { '/etc/x': new Uint8Array(1) } })],
      ['shadowing metadata.json', () => reg.saveVersion('AMZN', { ...good, files: { 'metadata.json': new Uint8Array(1) } })],
      ['no files', () => reg.saveVersion('AMZN', { ...good, files: {} })],
      ['wrong symbol in metadata', () => reg.saveVersion('AMZN', makeArtifact('AAPL'))],
      ['missing recipe', () => reg.saveVersion('AMZN', { ...good, metadata: { ...good.metadata, recipe: '' } })],
      ['bad ticker', () => reg.saveVersion('../x', good)],
    ];
    for (const [label, fn] of cases) {
      expect(fn, label).toThrow(InvalidModelArtifactError);
    }
    expect(reg.listVersions('AMZN')).toEqual([]);
  });

  it('reports unknown versions and a missing champion as ModelNotFoundError', () => {
    const reg = makeRegistry(dataDir());
    expect(() => reg.loadVersion('SMR', 1)).toThrow(ModelNotFoundError);
    expect(() => reg.loadChampion('SMR')).toThrow(/SMR: champion not found/);
    expect(reg.getChampion('SMR')).toBeNull();
  });
});
