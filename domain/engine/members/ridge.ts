/**
 * Closed-form ridge regression (plain TypeScript): next-day log return from the scaled
 * feature row of the origin day. Intercept unpenalised. Fast and fully deterministic.
 */
export interface RidgeState {
  kind: 'ridge';
  lambda: number;
  intercept: number;
  coef: number[];
}

export function fitRidge(x: readonly (readonly number[])[], y: readonly number[], lambda: number): RidgeState {
  const n = x.length;
  const p = x[0]?.length ?? 0;
  if (n === 0 || y.length !== n || x.some((row) => row.length !== p)) {
    throw new RangeError(`fitRidge needs non-empty rows of equal width and one target each (got ${n} rows, ${y.length} targets)`);
  }
  // Hot loops below index within bounds by construction: i < n, j and k < p.
  const xMean = new Array<number>(p).fill(0);
  let yMean = 0;
  for (let i = 0; i < n; i++) {
    yMean += y[i]!;
    for (let j = 0; j < p; j++) xMean[j]! += x[i]![j]!;
  }
  yMean /= n;
  for (let j = 0; j < p; j++) xMean[j]! /= n;
  // Normal equations on centred data: (XᵀX + λI) w = Xᵀy.
  const a = Array.from({ length: p }, (_, j) => Array.from({ length: p }, (_, k) => (j === k ? lambda : 0)));
  const b = new Array<number>(p).fill(0);
  for (let i = 0; i < n; i++) {
    const yi = y[i]! - yMean;
    for (let j = 0; j < p; j++) {
      const xij = x[i]![j]! - xMean[j]!;
      b[j]! += xij * yi;
      for (let k = 0; k <= j; k++) a[j]![k]! += xij * (x[i]![k]! - xMean[k]!);
    }
  }
  for (let j = 0; j < p; j++) for (let k = j + 1; k < p; k++) a[j]![k] = a[k]![j]!;
  const coef = solveSymmetric(a, b);
  const intercept = yMean - coef.reduce((s, c, j) => s + c * xMean[j]!, 0);
  return { kind: 'ridge', lambda, intercept, coef };
}

export function predictRidge(m: RidgeState, row: readonly number[]): number {
  let s = m.intercept;
  if (row.length !== m.coef.length) throw new RangeError(`predictRidge: the row has ${row.length} features, the model ${m.coef.length}`);
  for (let j = 0; j < m.coef.length; j++) s += m.coef[j]! * row[j]!; // j < both lengths
  return s;
}

/** Cholesky solve of a symmetric positive-definite system. */
function solveSymmetric(a: number[][], b: number[]): number[] {
  // a, l are p×p and b, z, w have p entries: every index below is < p.
  const p = b.length;
  const l = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i]![j]!;
      for (let k = 0; k < j; k++) s -= l[i]![k]! * l[j]![k]!;
      if (i === j) {
        if (s <= 0) throw new RangeError('ridge system is not positive definite (increase lambda)');
        l[i]![i] = Math.sqrt(s);
      } else {
        l[i]![j] = s / l[j]![j]!;
      }
    }
  }
  const z = new Array<number>(p).fill(0);
  for (let i = 0; i < p; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i]![k]! * z[k]!;
    z[i] = s / l[i]![i]!;
  }
  const w = new Array<number>(p).fill(0);
  for (let i = p - 1; i >= 0; i--) {
    let s = z[i]!;
    for (let k = i + 1; k < p; k++) s -= l[k]![i]! * w[k]!;
    w[i] = s / l[i]![i]!;
  }
  return w;
}
