/**
 * The phase-boundary estimator of METRICS.md §8: the first α at which a per-bin median curve
 * crosses a threshold, interpolating linearly between the two bin centres around the
 * crossing. Empty bins (y null) are skipped, so the interpolation spans the nearest
 * non-empty neighbours.
 */
export interface CurvePoint {
  x: number;
  y: number | null;
}

export type Crossing =
  | { x: number; between: [number, number] }
  | { x: null; reason: string };

export function firstCrossing(points: readonly CurvePoint[], threshold: number): Crossing {
  const defined = points.filter((p): p is { x: number; y: number } => p.y !== null).sort((a, b) => a.x - b.x);
  const [first] = defined;
  if (first === undefined || defined.length < 2) return { x: null, reason: `fewer than two non-empty bins (${defined.length})` };
  if (first.y === threshold) return { x: first.x, between: [first.x, first.x] };
  const above = first.y > threshold;
  for (let i = 1; i < defined.length; i++) {
    const a = defined[i - 1]!;
    const b = defined[i]!;
    if (b.y === threshold) return { x: b.x, between: [b.x, b.x] };
    if (b.y > threshold !== above) {
      return { x: a.x + ((threshold - a.y) * (b.x - a.x)) / (b.y - a.y), between: [a.x, b.x] };
    }
  }
  return { x: null, reason: `the median stays ${above ? 'above' : 'below'} ${threshold} in every bin` };
}

/**
 * The first α at which a curve falls from above `threshold` to at or below it, linear between
 * the two bin centres around the fall; a rise through the threshold is not counted. For curves
 * that are not monotone (the circular fraction), where `firstCrossing` would also take a rise
 * of a curve starting below the threshold. Empty bins are skipped as in `firstCrossing`.
 */
export function firstFall(points: readonly CurvePoint[], threshold: number): Crossing {
  const defined = points.filter((p): p is { x: number; y: number } => p.y !== null).sort((a, b) => a.x - b.x);
  if (defined.length < 2) return { x: null, reason: `fewer than two non-empty bins (${defined.length})` };
  for (let i = 1; i < defined.length; i++) {
    const a = defined[i - 1]!;
    const b = defined[i]!;
    if (a.y > threshold && b.y <= threshold) return { x: a.x + ((threshold - a.y) * (b.x - a.x)) / (b.y - a.y), between: [a.x, b.x] };
  }
  return { x: null, reason: `the curve never falls from above ${threshold} to below it` };
}
