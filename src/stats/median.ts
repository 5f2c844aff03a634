/**
 * The median as Python's `statistics.median` computes it (the mean of the two middle values
 * for an even count), so per-bin medians match the figures made from the reference CSVs.
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list');
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
