import { BoundedCache } from '../bounded-cache.js';
import { standardisedTemplate } from '../metrics/fve.js';
import type { CircleTemplate } from './circles.js';

/**
 * The z-scored p³ tables of the circle templates, made cheaply. A template over the circle
 * coordinates of a and b and the output angle is usually frequency-covariant:
 * t_k(a, b, c) = t_1(k·a, k·b, k·c) (indices mod p), since cos(2πk·a/p) = cos(2π(k·a mod p)/p).
 * Building and z-scoring a table costs ≈ 30 ms at p = 59 and an audit fits 5 templates to each of
 * ≈ 6 circles; so each (template, p) is built once per process at frequency 1, and a circle's
 * table is the frequency-1 table relabelled (read through a cached index, never copied). Whether the law holds is not
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

/**
 * Where entry (a·p + b)·p + c of the frequency-k table sits in the frequency-1 table: every index
 * multiplied by k (mod p). Shared by every template and every audit of one process: p³ int32s per
 * (p, k), 5.8 MB at p = 113, so at most 16 are kept (a population of models with
 * many different key frequencies would otherwise hold up to (p − 1)/2 of them per p).
 */
const relabellings = new BoundedCache<Int32Array>(16);

function relabelling(p: number, k: number): Int32Array {
  return relabellings.get(`${p}:${k}`, () => {
    const times = Int32Array.from({ length: p }, (_, x) => (k * x) % p);
    const index = new Int32Array(p * p * p);
    let i = 0;
    for (let a = 0; a < p; a++) {
      for (let b = 0; b < p; b++) {
        const row = (times[a]! * p + times[b]!) * p;
        for (let c = 0; c < p; c++) index[i++] = row + times[c]!;
      }
    }
    return index;
  });
}

/** The frequency-1 table with every index multiplied by k (mod p). */
function relabelled(base: Float64Array, p: number, k: number): Float64Array {
  const index = relabelling(p, k);
  const out = new Float64Array(index.length);
  for (let i = 0; i < index.length; i++) out[i] = base[index[i]!]!;
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

/**
 * The z-scored table of `template` at frequency k as a table and an index into it (entry i is
 * table[index[i]]; index null: the table itself): the frequency-1 table and its relabelling when
 * that is exact, so fitting several circles builds no p³ table per circle. Null if constant.
 * The index is a permutation (k is prime to p), shared by every template at (p, k).
 */
export interface TableView {
  table: Float64Array;
  index: Int32Array | null;
}

/**
 * `values` in a relabelled table's order: entry index[i] is values[i], so that a sum over i of
 * f(values[i], table[index[i]]) is a sum in order over the table. One scatter per circle
 * and frequency, then every template of the circle is read in order: random reads of a p³
 * table per template cost twice as much (1.6 MB at p = 59 does not stay in cache).
 */
export function inTableOrder(values: Float64Array, index: Int32Array): Float64Array {
  if (index.length !== values.length) throw new RangeError(`inTableOrder: ${values.length} values, an index of ${index.length}`);
  const out = new Float64Array(values.length);
  for (let i = 0; i < index.length; i++) out[index[i]!] = values[i]!;
  return out;
}

export function standardisedTableView(template: CircleTemplate, p: number, k: number): TableView | null {
  const base = baseOf(template, p);
  if (base.covariant && base.table !== null && gcd(k, p) === 1) return { table: base.table, index: k % p === 1 ? null : relabelling(p, k) };
  const table = standardisedTemplate(template.table(p, k), p);
  return table === null ? null : { table, index: null };
}

/** The z-scored table of `template` at frequency k (null if constant), relabelled from frequency 1 when that is exact. */
export function standardisedTable(template: CircleTemplate, p: number, k: number): Float64Array | null {
  const view = standardisedTableView(template, p, k);
  if (view === null) return null;
  return view.index === null ? view.table : relabelled(view.table, p, k);
}
