import { standardisedTemplate } from '../metrics/fve.js';
import type { CircleTemplate } from './circles.js';

/**
 * The z-scored p³ tables of the circle templates, made cheaply. A template over the circle
 * coordinates of a and b and the output angle is usually frequency-covariant:
 * t_k(a, b, c) = t_1(k·a, k·b, k·c) (indices mod p), since cos(2πk·a/p) = cos(2π(k·a mod p)/p).
 * Building and z-scoring a table costs ≈ 30 ms at p = 59 and an audit fits 5 templates to each of
 * ≈ 6 circles; so each (template, p) is built once per process at frequency 1, and a circle's
 * table is the frequency-1 table relabelled (a gather, ≈ 1 ms). Whether the law holds is not
 * assumed but checked once per (template, p), against the table built directly at another
 * frequency (to 1e-9 of its scale: the two differ only by the rounding of the angles); a
 * template it fails for, a frequency sharing a factor with p, or a constant table is built
 * directly, as before.
 */

interface Base {
  /** Z-scored table at frequency 1; null when constant. */
  table: Float64Array | null;
  /** Whether relabelling the frequency-1 table reproduces the table at other frequencies. */
  covariant: boolean;
}

const bases = new WeakMap<CircleTemplate, Map<number, Base>>();

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return Math.abs(a);
}

/** The frequency-1 table with every index multiplied by k (mod p). */
function relabelled(base: Float64Array, p: number, k: number): Float64Array {
  const times = Int32Array.from({ length: p }, (_, x) => (k * x) % p);
  const out = new Float64Array(p * p * p);
  let i = 0;
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) {
      const row = (times[a]! * p + times[b]!) * p;
      for (let c = 0; c < p; c++) out[i++] = base[row + times[c]!]!;
    }
  }
  return out;
}

function baseOf(template: CircleTemplate, p: number): Base {
  let perP = bases.get(template);
  if (perP === undefined) bases.set(template, (perP = new Map()));
  let base = perP.get(p);
  if (base === undefined) {
    const table = standardisedTemplate(template.table(p, 1), p);
    let covariant = false;
    const probe = [2, 3, 5, 7].find((k) => k < p && gcd(k, p) === 1);
    if (table !== null && probe !== undefined) {
      const direct = standardisedTemplate(template.table(p, probe), p);
      if (direct !== null) {
        const derived = relabelled(table, p, probe);
        let worst = 0;
        for (let i = 0; i < direct.length; i++) worst = Math.max(worst, Math.abs(direct[i]! - derived[i]!));
        covariant = worst <= 1e-9;
      }
    }
    base = { table, covariant };
    perP.set(p, base);
  }
  return base;
}

/** The z-scored table of `template` at frequency k (null if constant), relabelled from frequency 1 when that is exact. */
export function standardisedTable(template: CircleTemplate, p: number, k: number): Float64Array | null {
  const base = baseOf(template, p);
  if (base.covariant && base.table !== null && gcd(k, p) === 1) return k % p === 1 ? base.table : relabelled(base.table, p, k);
  return standardisedTemplate(template.table(p, k), p);
}
