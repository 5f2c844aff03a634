import type { Network } from '../model/network.js';
import { accuracy } from './accuracy.js';
import { componentCircles, circularityOf, type ComponentCircle } from './circularity.js';
import { distanceIrrelevance, distanceIrrelevanceTopIncorrect } from './distance-irrelevance.js';
import { fourierSpectrum, keyFrequenciesOf, type FourierSpectrum } from './fourier.js';
import { gradientSymmetricity } from './gradient-symmetricity.js';
import type { MetricKey } from './ids.js';
import { loss } from './loss.js';
import { parameterNorm } from './parameter-norm.js';
import { pca, type PcaResult } from './pca.js';
import { restrictedAndExcludedLoss } from './restricted-loss.js';
import type { MetricResult } from './types.js';

export interface MeasureOptions {
  /** Gradient-symmetricity sample size (default 100, the reference's). */
  sampleSize?: number;
  /** Gradient-symmetricity CPython shuffle seed (default 42, the reference's). */
  seed?: number;
  /** Share of non-constant embedding energy that makes a key frequency (default 0.05). */
  keyFrequencyThreshold?: number;
  /** Components listed in `circles` (default 12, as `pc_circles`). */
  circleCount?: number;
}

export interface Measurement {
  metrics: Record<MetricKey, MetricResult>;
  /** Circle score, step, δ and frequency of the first principal components. */
  circles: ComponentCircle[];
  pca: PcaResult;
  spectrum: FourierSpectrum;
  keyFrequencies: number[];
  /** All logits (row a·p+b), computed once and shared by every logit metric. */
  logits: Float64Array;
  /** Wall time per step, ms: the model calls (`allLogits`, `embeddingGradients`) and each metric. */
  timingsMs: Record<string, number>;
}

/** Every metric of METRICS.md §0 (plus loss and restricted/excluded loss), logits computed once. */
export function measureAll(network: Network, options: MeasureOptions = {}): Measurement {
  const timingsMs: Record<string, number> = {};
  const timed = <T>(name: string, f: () => T): T => {
    const start = performance.now();
    const out = f();
    timingsMs[name] = performance.now() - start;
    return out;
  };
  const logits = timed('allLogits', () => network.allLogits());
  const embedding = timed('embeddingMatrix', () => network.embeddingMatrix());
  const fit = timed('pca', () => pca(embedding));
  const circles = timed('circles', () => componentCircles(embedding, network.p, options.circleCount ?? 12, fit));
  const spectrum = timed('fourier', () => fourierSpectrum(embedding, network.p));
  const keyFrequencies = keyFrequenciesOf(spectrum, options.keyFrequencyThreshold ?? 0.05);
  const projected = timed('restrictedExcludedLoss', () => restrictedAndExcludedLoss(network, keyFrequencies, logits));
  const gsOptions = { ...(options.sampleSize === undefined ? {} : { sampleSize: options.sampleSize }), ...(options.seed === undefined ? {} : { seed: options.seed }) };
  const metrics: Record<MetricKey, MetricResult> = {
    accuracy: timed('accuracy', () => accuracy(network, logits)),
    loss: timed('loss', () => loss(network, logits)),
    parameterNorm: timed('parameterNorm', () => parameterNorm(network)),
    gradientSymmetricity: timed('gradientSymmetricity', () => gradientSymmetricity(network, gsOptions)),
    distanceIrrelevance: timed('distanceIrrelevance', () => distanceIrrelevance(network, logits)),
    distanceIrrelevanceTopIncorrect: timed('distanceIrrelevanceTopIncorrect', () => distanceIrrelevanceTopIncorrect(network, logits)),
    circularity: circularityOf(circles),
    restrictedLoss: projected.restrictedLoss,
    excludedLoss: projected.excludedLoss,
  };
  return { metrics, circles, pca: fit, spectrum, keyFrequencies, logits, timingsMs };
}
