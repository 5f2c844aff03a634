import type { Matrix, Network } from '../model/network.js';
import { defineInput, defineMetric } from './definition.js';
import { embeddingInput } from './inputs.js';
import { foldFrequency, modInverse, rootsOfUnity } from './modular.js';
import { pca, pcaInput, type PcaResult } from './pca.js';
import { defined, undefinedMetric, type MetricResult } from './types.js';

/** How circular one principal component is, and at which step (METRICS.md §4, `pc_circles`). */
export interface ComponentCircle {
  /** 1-based component number. */
  component: number;
  /** The arg-max i in 1..p−1 (first on ties). */
  step: number;
  /** min(step, p − step). */
  delta: number;
  /** δ⁻¹ mod p folded to min(k, p − k): the frequency of the cosine this component carries. */
  frequency: number;
  /** max over i of 2·|Σ_t v̂[t·i mod p]·e^{2πit/p}|², clipped to [0, 1]. */
  score: number;
}

/** The circle scores of the first `circleCount` (default 12) principal components of the embedding. */
export const circlesInput = defineInput<ComponentCircle[]>('circles', ['embedding'], (context) =>
  componentCircles(context.get(embeddingInput), context.network.p, context.options.circleCount ?? 12, context.get(pcaInput)),
);

export const circularityMetric = defineMetric({
  key: 'circularity',
  name: 'circularity',
  version: 'ref',
  title: 'circularity',
  meaning: "the mean over the first 4 principal components of the embedding of each one's circle score (see score), the reference's quirks kept (METRICS.md §4)",
  range: "[0, 1]: 1 = each of the 4 components a perfect circle; the paper's gate is 0.995; a diff_vocab model's clean circle scores ≈ 0.5",
  needs: ['embedding'],
  compute: (context) => circularityOf(context.get(circlesInput)),
  tolerance: { absolute: 1e-5 },
  population: true,
  summaryColumn: 5,
});

/**
 * The reference's circle score of the first `count` principal components of an embedding (one row
 * per token). Each score vector is normalised over all its entries (every row of the embedding),
 * then only its first p entries (tokens 0..p−1) enter the sum: the reference's quirk, which
 * halves a diff_vocab model's clean circle (its b-operand rows p..2p−1 share the norm).
 */
export function componentCircles(embedding: Matrix, p: number, count = 12, fit: PcaResult = pca(embedding)): ComponentCircle[] {
  if (embedding.rows < p) throw new RangeError(`componentCircles: embedding has ${embedding.rows} rows, fewer than p = ${p}`);
  const n = fit.scores.cols;
  const { cos, sin } = rootsOfUnity(p);
  const out: ComponentCircle[] = [];
  const v = new Float64Array(p);
  for (let j = 0; j < Math.min(count, n); j++) {
    for (let t = 0; t < p; t++) v[t] = fit.scores.data[t * n + j]!;
    let norm = 0;
    for (let t = 0; t < fit.scores.rows; t++) {
      const x = fit.scores.data[t * n + j]!;
      norm += x * x;
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) / Math.sqrt(p) : 0;
    let bestStep = 1;
    let best = -Infinity;
    for (let i = 1; i < p; i++) {
      let re = 0;
      let im = 0;
      for (let t = 0; t < p; t++) {
        const x = v[(t * i) % p]! * scale;
        re += x * cos[t]!;
        im += x * sin[t]!;
      }
      const score = 2 * (re * re + im * im);
      if (score > best) {
        best = score;
        bestStep = i;
      }
    }
    const delta = Math.min(bestStep, p - bestStep);
    out.push({
      component: j + 1,
      step: bestStep,
      delta,
      frequency: foldFrequency(modInverse(delta, p), p),
      score: Math.min(1, Math.max(0, best)),
    });
  }
  return out;
}

/** Mean circle score of the first 4 principal components of the token embedding. */
export function circularityOf(circles: readonly ComponentCircle[]): MetricResult {
  const first = circles.slice(0, 4);
  if (first.length < 4) {
    return undefinedMetric(circularityMetric.id, 'no-components', `the embedding PCA has ${first.length} components, circularity needs 4`);
  }
  return defined(circularityMetric.id, first.reduce((s, c) => s + c.score, 0) / 4);
}

export function circularity(network: Network, fit?: PcaResult): MetricResult {
  const embedding = network.embeddingMatrix();
  return circularityOf(componentCircles(embedding, network.p, 4, fit ?? pca(embedding)));
}
