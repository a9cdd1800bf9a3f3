/** "did you mean …?" for a mistyped command: the nearest name by edit distance, when near enough. */

export function closest(word: string, candidates: string[]): string | undefined {
  let best: { c: string; d: number } | undefined;
  for (const c of candidates) {
    const d = distance(word, c);
    if (d <= Math.max(2, Math.floor(c.length / 3)) && (!best || d < best.d)) best = { c, d };
  }
  return best?.c;
}

/** Levenshtein distance. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = cell(row, 0);
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = cell(row, j);
      row[j] = Math.min(tmp + 1, cell(row, j - 1) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return cell(row, b.length);
}

function cell(row: readonly number[], j: number): number {
  const v = row[j];
  if (v === undefined) throw new RangeError(`edit-distance cell ${j} is outside its row of ${row.length}`);
  return v;
}
