import type { Network } from '../model/network.js';
import { inverseTransform, pca, type PcaResult } from './pca.js';

/**
 * The network with only one circle left in its embedding (METRICS.md §4): keep the PCA scores of
 * the two given components (1-based), zero the others, inverse-transform (which adds the mean
 * embedding back) and run the whole model on that embedding.
 */
export function isolateCircle(network: Network, components: readonly [number, number], fit?: PcaResult): Network {
  const pcaFit = fit ?? pca(network.embeddingMatrix());
  const n = pcaFit.scores.cols;
  for (const c of components) {
    if (!Number.isInteger(c) || c < 1 || c > n) throw new RangeError(`isolateCircle: component ${c} is not in 1..${n}`);
  }
  const rows = pcaFit.scores.rows;
  const kept = new Float64Array(rows * n);
  for (let r = 0; r < rows; r++) {
    for (const c of components) kept[r * n + c - 1] = pcaFit.scores.data[r * n + c - 1]!;
  }
  return network.withEmbedding(inverseTransform(pcaFit, { rows, cols: n, data: kept }));
}
