import { extname } from 'node:path';
import { readReferenceCsv } from './reference-csv.js';
import { readSweepResults } from './results.js';
import type { CircularityGate } from '../audit/circularity-gate.js';
import { isCircular, type Run, type RunSource } from './run.js';
import { readText } from './text-file.js';

/** A named set of runs from one file: what a figure overlays and a comparison sets side by side. */
export interface Population {
  file: string;
  source: RunSource;
  runs: Run[];
}

/** Reads a population, by extension (.csv → reference table, .jsonl/.ndjson → sweep results) or, failing that, by content. */
export function readPopulation(file: string): Population {
  const ext = extname(file).toLowerCase();
  let source: RunSource;
  if (ext === '.csv') source = 'reference-csv';
  else if (ext === '.jsonl' || ext === '.ndjson') source = 'sweep';
  else source = readText(file).trimStart().startsWith('{') ? 'sweep' : 'reference-csv';
  return { file, source, runs: source === 'sweep' ? readSweepResults(file) : readReferenceCsv(file) };
}

/**
 * The filter of METRICS.md §8, applied to every figure and summary: the stated layer count,
 * the plain vocabulary (diff_vocab and eqn_sign false), and circularity present. `width`
 * narrows to one width; `circularOnly` keeps runs that pass `gate` (default: paper.json's, circularity ≥ 0.995).
 */
export interface RunFilter {
  layers?: number;
  width?: number;
  circularOnly?: boolean;
  gate?: CircularityGate;
}

export function selectRuns(runs: readonly Run[], filter: RunFilter = {}): Run[] {
  return runs.filter(
    (r) =>
      !r.diffVocab &&
      !r.eqnSign &&
      r.metrics.circularity !== null &&
      (filter.layers === undefined || r.layers === filter.layers) &&
      (filter.width === undefined || r.width === filter.width) &&
      (!filter.circularOnly || isCircular(r, filter.gate)),
  );
}

/** The distinct widths of some runs, ascending. */
export function widthsOf(runs: readonly Run[]): number[] {
  return [...new Set(runs.map((r) => r.width))].sort((a, b) => a - b);
}

/** The distinct layer counts of some runs, ascending. */
export function layerCountsOf(runs: readonly Run[]): number[] {
  return [...new Set(runs.map((r) => r.layers))].sort((a, b) => a - b);
}
