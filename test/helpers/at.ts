/** Checked index access for tests under noUncheckedIndexedAccess: items[i], or a clear error naming the index. */
export function at<T>(items: readonly T[], i: number): T {
  const item = items[i];
  if (item === undefined) throw new RangeError(`test data has no index ${i} (length ${items.length})`);
  return item;
}
