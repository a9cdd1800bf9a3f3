import { mulberry32 } from '../../common/random.js';

/** Small seeded PRNG (mulberry32): reproducible shuffles without Math.random. */
export const createRng: (seed: number) => () => number = mulberry32;

/** Fisher–Yates shuffle of a copy, driven by `rng`. */
export function shuffled<T>(items: readonly T[], rng: () => number): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
