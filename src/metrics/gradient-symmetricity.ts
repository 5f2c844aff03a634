import type { Network, Triple } from '../model/network.js';
import { defineMetric } from './definition.js';
import { referenceTriples } from './python-random.js';
import { defined, undefinedMetric, type MetricResult } from './types.js';

export interface GradientSymmetricityOptions {
  /** Explicit triples; overrides sampleSize and seed. */
  triples?: readonly Triple[];
  /** Number of triples drawn (default 100, the reference's). */
  sampleSize?: number;
  /** CPython `random.Random(seed)` seed of the shuffle (default 42, the reference's). */
  seed?: number;
}

export const gradientSymmetricityMetric = defineMetric({
  key: 'gradientSymmetricity',
  name: 'gradientSymmetricity',
  version: 'ref',
  title: 'gradient symmetricity',
  meaning: 'the mean over 100 sampled triples (a, b, c) of the cosine between ∂Q[a,b,c]/∂(embedding of a) and ∂Q[a,b,c]/∂(embedding of b), no absolute value (METRICS.md §4)',
  range: '[−1, 1] (1 + 2e-8 by rounding): Pizza ≈ 0.99, Clock ≈ 0.33; undefined when a gradient vanishes',
  needs: ['gradients'],
  compute: ({ network, options: { sampleSize, seed } }) =>
    gradientSymmetricity(network, { ...(sampleSize === undefined ? {} : { sampleSize }), ...(seed === undefined ? {} : { seed }) }),
  tolerance: { absolute: 1e-4 },
  population: true,
  summaryColumn: 2,
});

export function gradientSymmetricityTriples(p: number, options: GradientSymmetricityOptions = {}): readonly Triple[] {
  return options.triples ?? referenceTriples(p, options.seed ?? 42, options.sampleSize ?? 100);
}

/**
 * Mean over the triples of cos(∂Q[a,b,c]/∂e_pos0, ∂Q[a,b,c]/∂e_pos1), no absolute value
 * (METRICS.md §4). Undefined if a gradient vanishes: the cosine has no value there.
 */
export function gradientSymmetricity(network: Network, options: GradientSymmetricityOptions = {}): MetricResult {
  const triples = gradientSymmetricityTriples(network.p, options);
  if (triples.length === 0) return undefinedMetric(gradientSymmetricityMetric.id, 'other', 'no triples to average over');
  const { ga, gb } = network.embeddingGradients(triples);
  let total = 0;
  for (let i = 0; i < triples.length; i++) {
    const x = ga[i]!;
    const y = gb[i]!;
    let xy = 0;
    let xx = 0;
    let yy = 0;
    for (let j = 0; j < x.length; j++) {
      xy += x[j]! * y[j]!;
      xx += x[j]! * x[j]!;
      yy += y[j]! * y[j]!;
    }
    if (xx === 0 || yy === 0) {
      return undefinedMetric(
        gradientSymmetricityMetric.id,
        'zero-gradient',
        `the gradient at position ${xx === 0 ? 0 : 1} is all zeros for triple (a, b, c) = (${triples[i]!.join(', ')})`,
      );
    }
    total += xy / Math.sqrt(xx * yy);
  }
  return defined(gradientSymmetricityMetric.id, total / triples.length);
}
