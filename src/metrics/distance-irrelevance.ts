import type { Matrix, Network } from '../model/network.js';
import { defineMetric } from './definition.js';
import { logitsInput } from './inputs.js';
import { logitTable, type LogitTable } from './logits.js';
import { defined, undefinedMetric, type MetricResult } from './types.js';

export const distanceIrrelevanceMetric = defineMetric({
  key: 'distanceIrrelevance',
  name: 'distanceIrrelevance.correctLogit',
  version: 'ref',
  title: 'distance irrelevance (correct logit)',
  meaning: 'with L[s][d] the correct logit at s = a + b, d = a − b (mod p): the mean over d of the standard deviation of L over s, divided by the standard deviation of all of L (METRICS.md §4)',
  range: '[0, 1]: Pizza ≈ 0.17, Clock ≈ 0.85; undefined for a constant L (the paper rule reads it as 1)',
  needs: ['logits'],
  compute: (context) => distanceIrrelevance(context.network, context.get(logitsInput)),
  tolerance: { absolute: 1e-4 },
  population: true,
  summaryColumn: 3,
});

export const distanceIrrelevanceTopIncorrectMetric = defineMetric({
  key: 'distanceIrrelevanceTopIncorrect',
  name: 'distanceIrrelevance.topIncorrect',
  version: 'ref',
  title: 'distance irrelevance (top-incorrect logit)',
  meaning: "distance irrelevance computed on the largest incorrect logit of each pair instead of the correct one: the quantity the paper's CSV holds",
  range: '[0, 1]',
  needs: ['logits'],
  compute: (context) => distanceIrrelevanceTopIncorrect(context.network, context.get(logitsInput)),
  tolerance: { absolute: 1e-4 },
  population: true,
  summaryColumn: 4,
});

/**
 * L[s][d] = Q[a, b, (a+b) mod p] with s = (a+b) mod p, d = (a−b) mod p: one pair per cell
 * (METRICS.md §4). Row-major p×p, row s.
 */
export function correctLogitTable(network: Network, logits?: Float64Array): Matrix {
  return sumDiffTable(logitTable(network, logits), (row, c) => row[c]!);
}

/** The same table for the largest INCORRECT logit of each pair (over all outputs). */
export function topIncorrectLogitTable(network: Network, logits?: Float64Array): Matrix {
  return sumDiffTable(logitTable(network, logits), (row, c) => {
    let best = -Infinity;
    for (let j = 0; j < row.length; j++) if (j !== c && row[j]! > best) best = row[j]!;
    return best;
  });
}

function sumDiffTable({ p, nOutputs, data }: LogitTable, pick: (row: Float64Array, correct: number) => number): Matrix {
  const out = new Float64Array(p * p);
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) {
      const s = (a + b) % p;
      const d = (a - b + p) % p;
      const start = (a * p + b) * nOutputs;
      out[s * p + d] = pick(data.subarray(start, start + nOutputs), s);
    }
  }
  return { rows: p, cols: p, data: out };
}

/** Spread below this fraction of max|L| counts as a constant table (rounding, not signal). */
export const CONSTANT_TOLERANCE = 1e-9;

/**
 * Mean over d of the population std over s of L[s][d], divided by the population std of all of L.
 * A constant table is 0/0: undefined, kind 'constant-table' (the verdict reads it as DI = 1).
 */
export function distanceIrrelevanceOfTable(table: Matrix, id: string = distanceIrrelevanceMetric.id): MetricResult {
  const { rows, cols, data } = table;
  const total = populationStd(data, 0, 1, data.length);
  let columnStds = 0;
  for (let d = 0; d < cols; d++) columnStds += populationStd(data, d, cols, rows);
  const mean = columnStds / cols;
  // Relative test: float64 rounding leaves ~1e-16·|L| of spread in a table meant to be constant.
  let scale = 0;
  for (let i = 0; i < data.length; i++) scale = Math.max(scale, Math.abs(data[i]!));
  if (total === 0 || total <= CONSTANT_TOLERANCE * scale) {
    return undefinedMetric(id, 'constant-table', 'the logit table is constant, so distance irrelevance is 0/0');
  }
  return defined(id, mean / total);
}

export function distanceIrrelevance(network: Network, logits?: Float64Array): MetricResult {
  return distanceIrrelevanceOfTable(correctLogitTable(network, logits), distanceIrrelevanceMetric.id);
}

export function distanceIrrelevanceTopIncorrect(network: Network, logits?: Float64Array): MetricResult {
  return distanceIrrelevanceOfTable(topIncorrectLogitTable(network, logits), distanceIrrelevanceTopIncorrectMetric.id);
}

function populationStd(data: Float64Array, start: number, stride: number, count: number): number {
  let mean = 0;
  for (let i = 0; i < count; i++) mean += data[start + i * stride]!;
  mean /= count;
  let sq = 0;
  for (let i = 0; i < count; i++) {
    const x = data[start + i * stride]! - mean;
    sq += x * x;
  }
  return Math.sqrt(sq / count);
}
