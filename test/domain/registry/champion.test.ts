import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ModelNotFoundError, PromotionMismatchError, decidePromotion } from '../../../domain/registry/index.js';
import { makeArtifact, makeRegistry, tempDataDir } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function setup(versions = 3) {
  const root = tempDataDir('reg-champion');
  dirs.push(root);
  const reg = makeRegistry(root);
  for (let i = 1; i <= versions; i++) reg.saveVersion('TSLA', makeArtifact('TSLA', i));
  return { reg, root };
}

describe('champion changes and the audit log', () => {
  it('promotes, keeps, restores and rolls back in one call each, auditing every decision', () => {
    const { reg, root } = setup(3); // clock: saves at 00:00, 00:01, 00:02
    expect(reg.promote('TSLA', 1, { promote: true, reason: 'first model' })).toMatchObject({ action: 'promote', from: null, to: 1, changed: true, at: '2025-01-06T00:03:00.000Z' });
    expect(reg.promote('TSLA', 2, { promote: true, reason: 'better MAPE' })).toMatchObject({ from: 1, to: 2, at: '2025-01-06T00:04:00.000Z' });
    const keep = reg.promote('TSLA', 3, { promote: false, reason: 'challenger MAPE 2.1% vs champion 1.9%' });
    expect(keep).toMatchObject({ action: 'keep', from: 2, to: 2, changed: false });
    expect(reg.getChampion('TSLA')).toEqual({ version: 2, since: '2025-01-06T00:04:00.000Z', reason: 'better MAPE' });

    expect(reg.restore('TSLA', 3, 'operator wants v3')).toMatchObject({ action: 'restore', from: 2, to: 3, at: '2025-01-06T00:06:00.000Z' });
    expect(reg.loadChampion('TSLA').version).toBe(3);
    // Rollback without a target goes back to the previous champion (v2), not simply v(N-1).
    expect(reg.rollback('TSLA')).toMatchObject({ action: 'rollback', from: 3, to: 2, reason: 'rollback from v3 to v2' });
    expect(reg.rollback('TSLA', { toVersion: 1, reason: 'back to the start' })).toMatchObject({ from: 2, to: 1 });

    const lines = fs.readFileSync(path.join(root, 'models', 'TSLA', 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.action, l.from, l.to])).toEqual([
      ['promote', null, 1],
      ['promote', 1, 2],
      ['keep', 2, 2],
      ['restore', 2, 3],
      ['rollback', 3, 2],
      ['rollback', 2, 1],
    ]);
    expect(lines[2]).toMatchObject({ challenger: 3, reason: 'challenger MAPE 2.1% vs champion 1.9%', symbol: 'TSLA' });
  });

  it('answers which version was champion when', () => {
    const { reg } = setup(3);
    reg.promote('TSLA', 1, { promote: true, reason: 'a' }); // 00:03
    reg.promote('TSLA', 2, { promote: true, reason: 'b' }); // 00:04
    reg.promote('TSLA', 3, { promote: false, reason: 'kept' }); // 00:05 (not a change)
    reg.restore('TSLA', 1, 'c'); // 00:06
    expect(reg.championAt('TSLA', '2025-01-06T00:02:59.999Z')).toBeNull();
    expect(reg.championAt('TSLA', '2025-01-06T00:03:00.000Z')?.version).toBe(1);
    expect(reg.championAt('TSLA', '2025-01-06T00:04:30.000Z')).toEqual({ version: 2, since: '2025-01-06T00:04:00.000Z', reason: 'b' });
    expect(reg.championAt('TSLA', '2025-01-06T00:05:30.000Z')?.version).toBe(2);
    expect(reg.championAt('TSLA', new Date('2025-02-01T00:00:00Z'))?.version).toBe(1);
    expect(() => reg.championAt('TSLA', 'not a date')).toThrow(RangeError);
  });

  it('applies a gate decision directly, and refuses one made for another version', () => {
    const { reg } = setup(2);
    const first = decidePromotion({ challenger: { version: 1, loaded: true, predicted: true, scores: { mape: 0.02, directionAccuracy: 0.55, n: 250 } }, champion: null, checkBaseline: false });
    expect(reg.promote('TSLA', 1, first)).toMatchObject({ action: 'promote', to: 1 });
    const second = decidePromotion({
      challenger: { version: 2, loaded: true, predicted: true, scores: { mape: 0.03, directionAccuracy: 0.55, n: 250 } },
      champion: { version: 1, scores: { mape: 0.02, directionAccuracy: 0.55, n: 250 } },
      checkBaseline: false,
    });
    expect(reg.promote('TSLA', 2, second)).toMatchObject({ action: 'keep', changed: false, from: 1, to: 1 });
    expect(reg.auditLog('TSLA').entries.at(-1)?.reason).toMatch(/^kept champion v1: challenger MAPE 3% vs champion 2% \(\+50% > margin 5%\)/);
    expect(() => reg.promote('TSLA', 1, second)).toThrow(PromotionMismatchError);
  });

  it('reads an audit log whose last line was torn by a crash, and keeps appending readable lines', () => {
    const { reg, root } = setup(2);
    reg.promote('TSLA', 1, { promote: true, reason: 'a' });
    fs.appendFileSync(path.join(root, 'models', 'TSLA', 'audit.jsonl'), '{"at":"2025-01-06T00:0');
    reg.promote('TSLA', 2, { promote: true, reason: 'b' });
    const log = reg.auditLog('TSLA');
    expect(log.entries.map((e) => e.to)).toEqual([1, 2]);
    expect(log.malformedLines).toEqual([2]);
  });

  it('has nothing to roll back to when there is no older healthy version', () => {
    const { reg } = setup(1);
    reg.promote('TSLA', 1, { promote: true, reason: 'only' });
    expect(() => reg.rollback('TSLA')).toThrow(ModelNotFoundError);
    expect(() => reg.restore('TSLA', 7)).toThrow(ModelNotFoundError);
  });
});
