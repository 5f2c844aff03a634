import type { Rules } from '../audit/rules.js';
import type { DynamicsSettings } from '../dynamics/settings.js';
import { parseDecimal } from '../decimal.js';
import { ClockpizzaError } from '../errors.js';
import { KNOB_NAMES, KNOBS, knobText, type KnobGrid, type KnobName, type KnobOptions } from '../train/knobs.js';

/**
 * A sweep's grid: value lists parsed from the command line (`0:1:0.1`, `64,128,256`, or a
 * mix such as `0:0.5:0.1,0.75,1`) and the deterministic job list they expand to. Job order,
 * run ids and seeds depend only on the grid, so every machine running a shard, and every
 * restart, agrees on which job is which.
 */

/** Largest number of values one option may expand to (a typo such as 0:1:0.0001 is an error, not a week of training). */
export const MAX_VALUES = 10_000;

/** Decimal places written in a number's shortest text form ("0.25" → 2, "1e-3" → 3). */
export function decimalsOf(text: string): number {
  const [mantissa, exponent] = text.toLowerCase().split('e');
  const dot = mantissa!.indexOf('.');
  const places = dot < 0 ? 0 : mantissa!.length - dot - 1;
  return Math.max(0, places - Number(exponent ?? 0));
}

/** −0 → 0: `-0`, or a rounded value such as Number((-0.9 + 3·0.3).toFixed(1)), would otherwise print as "-0" and differ from 0 under Object.is. */
function withoutNegativeZero(n: number): number {
  return n === 0 ? 0 : n;
}

function parseNumber(text: string, option: string): number {
  return withoutNegativeZero(parseDecimal(text, `--${option}`));
}

/**
 * `start:stop:step`, inclusive of stop when stop lies on the lattice. Values are
 * start + i·step rounded to the decimals written in the three numbers, so 0:1:0.1 gives
 * 0.3, not 0.30000000000000004, and ends at exactly 1.
 */
export function parseRange(text: string, option: string): number[] {
  const parts = text.split(':');
  if (parts.length !== 3) throw new ClockpizzaError(`a range is start:stop:step, got ${JSON.stringify(text)}`, { field: `--${option}` });
  const [start, stop, step] = parts.map((p) => parseNumber(p, option)) as [number, number, number];
  if (!(step > 0)) throw new ClockpizzaError(`the step of ${JSON.stringify(text)} must be positive`, { field: `--${option}` });
  if (stop < start) throw new ClockpizzaError(`the range ${JSON.stringify(text)} ends before it starts`, { field: `--${option}` });
  const decimals = Math.min(15, Math.max(...parts.map(decimalsOf)));
  // The relative slack absorbs binary rounding of (stop − start)/step, e.g. (1 − 0)/0.1 = 9.999999999999998.
  const last = Math.floor((stop - start) / step + 1e-9);
  if (last + 1 > MAX_VALUES) throw new ClockpizzaError(`the range ${JSON.stringify(text)} has ${last + 1} values (at most ${MAX_VALUES})`, { field: `--${option}` });
  const values: number[] = [];
  for (let i = 0; i <= last; i++) values.push(withoutNegativeZero(Number((start + i * step).toFixed(decimals))));
  return values;
}

/** A comma list of numbers and ranges, in the order written; duplicates are an error (they would be one run id twice). */
export function parseValueList(text: string, option: string): number[] {
  const values: number[] = [];
  for (const item of text.split(',')) {
    const trimmed = item.trim();
    if (trimmed === '') throw new ClockpizzaError(`empty item in ${JSON.stringify(text)}`, { field: `--${option}` });
    if (trimmed.includes(':')) values.push(...parseRange(trimmed, option));
    else values.push(parseNumber(trimmed, option));
    if (values.length > MAX_VALUES) throw new ClockpizzaError(`more than ${MAX_VALUES} values`, { field: `--${option}` });
  }
  const seen = new Set<number>();
  for (const v of values) {
    if (seen.has(v)) throw new ClockpizzaError(`${v} appears twice in ${JSON.stringify(text)}`, { field: `--${option}` });
    seen.add(v);
  }
  return values;
}

export function parseIntegerList(text: string, option: string, min: number): number[] {
  const values = parseValueList(text, option);
  for (const v of values) {
    if (!Number.isSafeInteger(v) || v < min) throw new ClockpizzaError(`values must be integers ≥ ${min}, got ${v}`, { field: `--${option}` });
  }
  return values;
}

/** What a sweep trains: the grid and the per-run settings every job shares. */
export interface SweepPlan {
  attn: number[];
  widths: number[];
  layers: number[];
  /** Replicates per cell; replicate r trains with seed firstSeed + r. */
  seeds: number;
  firstSeed: number;
  steps: number;
  /** The training knobs on the grid (p, heads, lr, …: train/knobs.ts); absent when none is given, as in plans before them. */
  knobs?: KnobGrid;
  /** Audits during training and the early stop (--audit-every, --stop-when-stable); absent: none. */
  dynamics?: DynamicsSettings;
  /** The verdict rule of the results rows (--rule), its contents as loaded; absent: spec/rules/paper.json. */
  rule?: Rules;
}

export interface SweepJob {
  /** Position in the full job list (0-based); results are kept in this order. */
  index: number;
  runid: string;
  attn: number;
  width: number;
  layers: number;
  seed: number;
  steps: number;
  /** This job's value of every knob on the grid (absent when the plan has none). */
  knobs?: KnobOptions;
  dynamics?: DynamicsSettings;
  rule?: Rules;
}

/** `a0.30-w128-s2` (`-l2` before the seed when layers ≠ 1). α keeps at least 2 decimals and as many as it needs, so distinct α never share an id. */
export function runId(attn: number, width: number, layers: number, seed: number, knobs: KnobOptions = {}): string {
  const a = attn.toFixed(Math.max(2, decimalsOf(String(attn))));
  // each knob on the grid as its label and value, in the table's order: `-p31-h2-lr0.003-dv1`
  const extra = KNOB_NAMES.filter((name) => knobs[name] !== undefined).map((name) => `-${KNOBS[name].idLabel}${knobText(name, knobs[name]!)}`);
  return `a${a}-w${width}${layers === 1 ? '' : `-l${layers}`}${extra.join('')}-s${seed}`;
}

/** Every combination of the grid's knob values, the last knob varying fastest ([{}] without knobs). */
export function knobCombinations(grid: KnobGrid | undefined): KnobOptions[] {
  let combos: KnobOptions[] = [{}];
  for (const name of KNOB_NAMES) {
    const values = grid?.[name] as unknown[] | undefined;
    if (values === undefined) continue;
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [name]: v }) as KnobOptions));
  }
  return combos;
}

/**
 * Every job of the plan. Replicates are the outermost loop, then the knob combinations, layers, width, α: a sweep
 * stopped (or a shard set cut) part-way has covered whole grids with the first seeds rather
 * than every seed of the first cells, which is the more useful partial result. Replicate r
 * uses seed firstSeed + r in every cell: runs that differ only in α share their split and
 * initial weights (init does not depend on α), a paired design that makes the α trend less
 * noisy; seeds differ between replicates.
 */
export function expandPlan(plan: SweepPlan): SweepJob[] {
  const jobs: SweepJob[] = [];
  const combos = knobCombinations(plan.knobs);
  for (let r = 0; r < plan.seeds; r++) {
    for (const knobs of combos) {
      for (const layers of plan.layers) {
        for (const width of plan.widths) {
          for (const attn of plan.attn) {
            const seed = plan.firstSeed + r;
            jobs.push({ index: jobs.length, runid: runId(attn, width, layers, seed, knobs), attn, width, layers, seed, steps: plan.steps, ...(plan.knobs ? { knobs } : {}), ...(plan.dynamics ? { dynamics: plan.dynamics } : {}), ...(plan.rule ? { rule: plan.rule } : {}) });
          }
        }
      }
    }
  }
  return jobs;
}

/** A shard `i/n`: 0-based i, so `--shard $SLURM_ARRAY_TASK_ID/N` with arrays 0..N−1 (or `$JOB_COMPLETION_INDEX` of an indexed job). */
export interface Shard {
  index: number;
  count: number;
}

export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) throw new ClockpizzaError(`expected i/n with 0 ≤ i < n (0-based), got ${JSON.stringify(text)}`, { field: '--shard' });
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1) throw new ClockpizzaError(`the shard count must be at least 1, got ${count}`, { field: '--shard' });
  if (index >= count) throw new ClockpizzaError(`shard ${index} is out of range: shards are 0-based, 0..${count - 1} of ${count}`, { field: '--shard' });
  return { index, count };
}

/** The jobs of shard i/n: every job whose index ≡ i (mod n), interleaved so shards get similar mixes of widths and α. */
export function shardJobs(jobs: readonly SweepJob[], shard: Shard | undefined): SweepJob[] {
  if (shard === undefined) return [...jobs];
  return jobs.filter((job) => job.index % shard.count === shard.index);
}
