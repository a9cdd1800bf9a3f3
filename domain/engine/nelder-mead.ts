/** Nelder–Mead simplex minimisation of a function of a few unconstrained parameters (no gradients). */
// Index access uses `!`: every index is in range by construction of the loop bounds (simplex has n + 1 points of n coordinates); no checks in this hot loop.

export interface NelderMeadOptions {
  /** Initial simplex edge along each axis. */
  step: number;
  maxIterations: number;
  /** Stop when the spread of function values in the simplex is below this. */
  tolerance: number;
}

export function nelderMead(f: (x: number[]) => number, start: readonly number[], o: NelderMeadOptions): { x: number[]; f: number; iterations: number } {
  const n = start.length;
  const value = (x: number[]) => {
    const y = f(x);
    return Number.isFinite(y) ? y : Number.POSITIVE_INFINITY;
  };
  let simplex = [start.slice()];
  for (let i = 0; i < n; i++) {
    const p = start.slice();
    p[i]! += o.step;
    simplex.push(p);
  }
  let fs = simplex.map(value);
  let iterations = 0;
  for (; iterations < o.maxIterations; iterations++) {
    const order = fs.map((_, i) => i).sort((a, b) => fs[a]! - fs[b]!);
    simplex = order.map((i) => simplex[i]!);
    fs = order.map((i) => fs[i]!);
    if (Number.isFinite(fs[n]) && Math.abs(fs[n]! - fs[0]!) < o.tolerance) break;
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j]! += simplex[i]![j]! / n;
    const along = (t: number) => centroid.map((c, j) => c + t * (simplex[n]![j]! - c));
    const reflected = along(-1);
    const fr = value(reflected);
    if (fr < fs[0]!) {
      const expanded = along(-2);
      const fe = value(expanded);
      [simplex[n], fs[n]] = fe < fr ? [expanded, fe] : [reflected, fr];
    } else if (fr < fs[n - 1]!) {
      [simplex[n], fs[n]] = [reflected, fr];
    } else {
      const contracted = fr < fs[n]! ? along(-0.5) : along(0.5);
      const fc = value(contracted);
      if (fc < Math.min(fr, fs[n]!)) {
        [simplex[n], fs[n]] = [contracted, fc];
      } else {
        for (let i = 1; i <= n; i++) {
          simplex[i] = simplex[i]!.map((x, j) => simplex[0]![j]! + 0.5 * (x - simplex[0]![j]!));
          fs[i] = value(simplex[i]!);
        }
      }
    }
  }
  const best = fs.indexOf(Math.min(...fs));
  return { x: simplex[best]!, f: fs[best]!, iterations };
}
