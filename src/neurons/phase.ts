/** Angles: wrapping and circular statistics for phase differences. */

/** x wrapped to (−π, π]. */
export function wrapAngle(x: number): number {
  const twoPi = 2 * Math.PI;
  const r = x - twoPi * Math.ceil((x - Math.PI) / twoPi);
  // The quotient can round across an integer next to ±π: step back into the interval.
  if (r > Math.PI) return r - twoPi;
  return r <= -Math.PI ? r + twoPi : r;
}

export interface CircularSummary {
  /** atan2(Σ sin θ, Σ cos θ): the circular mean, in (−π, π]. */
  mean: number;
  /** R̄ = |Σ e^{iθ}| / n, the mean resultant length in [0, 1]. */
  resultant: number;
  /** √(−2 ln R̄), the circular standard deviation in radians (0 for equal angles); null when R̄ = 0. */
  spread: number | null;
}

export function circularSummary(angles: readonly number[]): CircularSummary {
  if (angles.length === 0) throw new RangeError('circularSummary of no angles');
  let c = 0;
  let s = 0;
  for (const a of angles) {
    c += Math.cos(a);
    s += Math.sin(a);
  }
  const resultant = Math.min(1, Math.hypot(c, s) / angles.length);
  return { mean: wrapAngle(Math.atan2(s, c)), resultant, spread: resultant === 0 ? null : Math.sqrt(-2 * Math.log(resultant)) };
}
