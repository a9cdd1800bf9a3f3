import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ModelIntegrityError } from '../../../common/errors.js';
import { makeArtifact, makeRegistry, tempDataDir } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function setup(symbol = 'NVDA') {
  const root = tempDataDir('reg-integrity');
  dirs.push(root);
  const reg = makeRegistry(root);
  reg.saveVersion(symbol, makeArtifact(symbol, 1));
  reg.saveVersion(symbol, makeArtifact(symbol, 2));
  reg.promote(symbol, 1, { promote: true, reason: 'first' });
  reg.promote(symbol, 2, { promote: true, reason: 'second' });
  const vdir = (v: number) => path.join(root, 'models', symbol, `v${v}`);
  return { reg, root, vdir };
}

function thrown(fn: () => unknown): ModelIntegrityError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ModelIntegrityError);
    return err as ModelIntegrityError;
  }
  throw new Error('expected a ModelIntegrityError, nothing was thrown');
}

describe('integrity checks', () => {
  it('refuses a truncated weights file, naming the file and expected/actual', () => {
    const { reg, vdir } = setup();
    const weights = path.join(vdir(2), 'gru', 'weights.bin');
    fs.truncateSync(weights, 1000);
    const err = thrown(() => reg.loadVersion('NVDA', 2));
    expect(err.name).toBe('ModelIntegrityError');
    expect(err.permanent).toBe(true);
    expect(err.path).toBe(weights);
    expect(err.message).toMatch(/gru\/weights\.bin: expected sha256 [0-9a-f]{64} \(4096 bytes\), actual [0-9a-f]{64} \(1000 bytes\)/);
    expect(reg.verifyVersion('NVDA', 2)).toEqual({ ok: false, problems: [err.message] });
  });

  it('refuses a file modified in place (same size, different bytes)', () => {
    const { reg, vdir } = setup();
    const file = path.join(vdir(2), 'ensemble.json');
    const bytes = fs.readFileSync(file);
    bytes[0]! ^= 0xff;
    fs.writeFileSync(file, bytes);
    expect(thrown(() => reg.loadVersion('NVDA', 2)).message).toMatch(/ensemble\.json: expected sha256/);
  });

  it('refuses a wrong checksum in checksums.json (manifest digest no longer matches)', () => {
    const { reg, vdir } = setup();
    const file = path.join(vdir(2), 'checksums.json');
    const sums = JSON.parse(fs.readFileSync(file, 'utf8'));
    sums.files['gru/model.json'].sha256 = '0'.repeat(64);
    fs.writeFileSync(file, JSON.stringify(sums));
    expect(thrown(() => reg.loadVersion('NVDA', 2)).message).toMatch(/manifest digest mismatch: expected [0-9a-f]{64}, actual [0-9a-f]{64}/);
  });

  it('refuses a wrong checksum even when the manifest was recomputed to match', async () => {
    const { reg, vdir } = setup();
    const { manifestDigest } = await import('../../../domain/registry/checksums.js');
    const file = path.join(vdir(2), 'checksums.json');
    const sums = JSON.parse(fs.readFileSync(file, 'utf8'));
    sums.files['gru/model.json'].sha256 = 'a'.repeat(64);
    sums.manifest = manifestDigest(sums.files);
    fs.writeFileSync(file, JSON.stringify(sums));
    expect(thrown(() => reg.loadVersion('NVDA', 2)).message).toMatch(/gru\/model\.json: expected sha256 a{64}/);
  });

  it('refuses a file without a checksum, a missing file and a missing checksums.json', () => {
    const { reg, vdir } = setup();
    fs.writeFileSync(path.join(vdir(2), 'gru', 'extra.bin'), 'x');
    expect(thrown(() => reg.loadVersion('NVDA', 2)).message).toMatch(/gru\/extra\.bin has no checksum/);

    fs.rmSync(path.join(vdir(1), 'ensemble.json'));
    expect(thrown(() => reg.loadVersion('NVDA', 1)).message).toMatch(/ensemble\.json is missing \(expected sha256/);

    fs.rmSync(path.join(vdir(1), 'checksums.json'));
    expect(thrown(() => reg.loadVersion('NVDA', 1)).message).toMatch(/checksums\.json is missing/);
  });

  it('refuses a version directory copied under another number', () => {
    const { reg, vdir } = setup();
    fs.rmSync(vdir(1), { recursive: true });
    fs.cpSync(vdir(2), vdir(1), { recursive: true });
    expect(thrown(() => reg.loadVersion('NVDA', 1)).message).toMatch(/expected NVDA v1, actual NVDA v2/);
  });

  it('never serves a corrupted champion; the caller falls back explicitly', () => {
    const { reg, vdir } = setup();
    fs.truncateSync(path.join(vdir(2), 'gru', 'weights.bin'), 10);
    expect(() => reg.loadChampion('NVDA')).toThrow(ModelIntegrityError);
    expect(reg.findLatestHealthyVersion('NVDA')?.version).toBe(1);
    expect(reg.listVersions('NVDA', { verify: true }).map((v) => [v.version, v.healthy])).toEqual([[1, true], [2, false]]);

    const change = reg.rollback('NVDA', { reason: 'champion v2 failed its checksum' });
    expect(change).toMatchObject({ action: 'rollback', from: 2, to: 1, changed: true });
    expect(reg.loadChampion('NVDA').version).toBe(1);
  });

  it('treats a champion pointer to a missing version or a garbled pointer as integrity errors', () => {
    const { reg, root, vdir } = setup();
    fs.rmSync(vdir(2), { recursive: true });
    expect(thrown(() => reg.loadChampion('NVDA')).message).toMatch(/champion points to v2, which is missing/);

    fs.writeFileSync(path.join(root, 'models', 'NVDA', 'champion.json'), '{"version": 1, "sin');
    expect(() => reg.getChampion('NVDA')).toThrow(ModelIntegrityError);
    expect(reg.describe('NVDA').championProblem).toMatch(/champion\.json is not valid JSON/);
    // A garbled pointer does not block the rescue.
    expect(reg.restore('NVDA', 1, 'pointer was garbled')).toMatchObject({ from: null, to: 1, changed: true });
    expect(reg.loadChampion('NVDA').version).toBe(1);
  });

  it('refuses to promote a corrupted version', () => {
    const { reg, vdir } = setup();
    fs.truncateSync(path.join(vdir(1), 'gru', 'model.json'), 3);
    expect(() => reg.promote('NVDA', 1, { promote: true, reason: 'x' })).toThrow(ModelIntegrityError);
    expect(reg.getChampion('NVDA')?.version).toBe(2);
  });
});
