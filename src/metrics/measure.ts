import type { Network } from '../model/network.js';
import { circlesInput, type ComponentCircle } from './circularity.js';
import { LazyMeasureContext } from './context.js';
import { isDetailed, type MeasureOptions } from './definition.js';
import { keyFrequenciesInput, spectrumInput, type FourierSpectrum } from './fourier.js';
import { logitsInput } from './inputs.js';
import { METRIC_LIST, type MetricKey } from './list.js';
import { pcaInput, type PcaResult } from './pca.js';
import { neuronSectionInput } from '../neurons/metrics.js';
import type { NeuronSection } from '../neurons/section.js';
import type { MetricResult } from './types.js';

export type { MeasureOptions } from './definition.js';

export interface Measurement {
  metrics: Record<MetricKey, MetricResult>;
  /** Structured details of the metrics that report any (see MetricDefinition.compute), by report key. */
  details: Partial<Record<MetricKey, unknown>>;
  /** Circle score, step, δ and frequency of the first principal components. */
  circles: ComponentCircle[];
  pca: PcaResult;
  spectrum: FourierSpectrum;
  keyFrequencies: number[];
  /** All logits (row a·p+b), computed once and shared by every logit metric. */
  logits: Float64Array;
  /** The first MLP layer's neuron fits and CKA (src/neurons/section.ts, per-neuron fits included); null without such a layer. */
  neurons: NeuronSection | null;
  /** Wall time per step, ms: each shared input (`allLogits`, `pca`, …) and each metric, by report key. */
  timingsMs: Record<string, number>;
}

/** Every metric of the list (METRICS.md §0, plus loss and restricted/excluded loss), each shared input computed once. */
export function measureAll(network: Network, options: MeasureOptions = {}): Measurement {
  const context = new LazyMeasureContext(network, options);
  const metrics = {} as Record<MetricKey, MetricResult>;
  const details: Partial<Record<MetricKey, unknown>> = {};
  for (const definition of METRIC_LIST) {
    const outcome = context.timed(definition.key, () => definition.compute(context.forMetric(definition)));
    if (isDetailed(outcome)) {
      metrics[definition.key] = outcome.result;
      details[definition.key] = outcome.details;
    } else {
      metrics[definition.key] = outcome;
    }
  }
  return {
    metrics,
    details,
    circles: context.get(circlesInput),
    pca: context.get(pcaInput),
    spectrum: context.get(spectrumInput),
    keyFrequencies: context.get(keyFrequenciesInput),
    logits: context.get(logitsInput),
    neurons: context.get(neuronSectionInput),
    timingsMs: context.timingsMs,
  };
}
