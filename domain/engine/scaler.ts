/**
 * Per-feature standardisation fitted on training rows only, with clipping of outliers
 * (a 10-sigma day would otherwise dominate a small network). Plain JSON, serialisable.
 */
export interface ScalerState {
  kind: 'standard';
  mean: number[];
  std: number[];
  /** Scaled values are clipped to ±clip. */
  clip: number;
}

export function fitScaler(rows: readonly (readonly number[])[], clip = 5): ScalerState {
  if (rows.length < 2) throw new RangeError(`fitScaler needs at least 2 rows, got ${rows.length}`);
  const width = rows[0]!.length; // rows.length ≥ 2
  if (rows.some((r) => r.length !== width)) throw new RangeError(`fitScaler needs rows of equal width (${width})`);
  const mean = new Array<number>(width).fill(0);
  const std = new Array<number>(width).fill(0);
  // Hot loops: j < width, the length of every row and of mean/std.
  for (const r of rows) for (let j = 0; j < width; j++) mean[j]! += r[j]!;
  for (let j = 0; j < width; j++) mean[j]! /= rows.length;
  for (const r of rows) for (let j = 0; j < width; j++) std[j]! += (r[j]! - mean[j]!) ** 2;
  for (let j = 0; j < width; j++) {
    const sd = Math.sqrt(std[j]! / (rows.length - 1));
    std[j] = sd > 1e-12 ? sd : 1;
  }
  return { kind: 'standard', mean, std, clip };
}

export function scaleRow(s: ScalerState, row: readonly number[]): number[] {
  if (row.length !== s.mean.length) throw new RangeError(`scaleRow: the row has ${row.length} features, the scaler ${s.mean.length}`);
  return row.map((v, j) => Math.max(-s.clip, Math.min(s.clip, (v - s.mean[j]!) / s.std[j]!)));
}
