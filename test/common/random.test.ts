/**
 * Models trained from a seed must not change when the random helpers move or are edited:
 * the figures below were produced by the engine's former rng.ts (mulberry32 + Fisher–Yates).
 */
import { describe, expect, it } from 'vitest';
import { hash32, mulberry32, normalFrom, shuffled } from '../../common/random.js';

describe('seeded randomness', () => {
  it('draws the same uniforms and the same shuffle as before the merge, bit for bit', () => {
    const rng = mulberry32(42);
    expect([rng(), rng(), rng()]).toEqual([0.6011037519201636, 0.44829055899754167, 0.8524657934904099]);
    expect(shuffled([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], mulberry32(7))).toEqual([6, 5, 8, 1, 2, 3, 4, 7, 9, 0]);
  });

  it('shuffles a copy and keeps every item', () => {
    const items = ['a', 'b', 'c', 'd'];
    const out = shuffled(items, mulberry32(1));
    expect(items).toEqual(['a', 'b', 'c', 'd']);
    expect([...out].sort()).toEqual(items);
  });

  it('hashes strings to 32-bit seeds (FNV-1a) and draws finite normals', () => {
    expect(hash32('')).toBe(0x811c9dc5);
    expect(hash32('a')).toBe(0xe40c292c);
    const normal = normalFrom(mulberry32(3));
    const draws = Array.from({ length: 1000 }, normal);
    expect(draws.every(Number.isFinite)).toBe(true);
    expect(Math.abs(draws.reduce((a, b) => a + b, 0) / draws.length)).toBeLessThan(0.15);
  });
});
