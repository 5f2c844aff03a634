import { defineInput, defineMetric, type MeasureContext } from '../metrics/definition.js';
import { logitsInput } from '../metrics/inputs.js';
import { defined, undefinedMetric, type MetricResult } from '../metrics/types.js';
import { networkPreActivations } from './pre-activations.js';
import { neuronSection, type NeuronSection } from './section.js';

/**
 * The neurons section (section.ts) as shared metric input, and its scalar readings as metrics of
 * the one list. Networks without an MLP layer built from weights (oracles) have no section: their
 * readings are undefined with a reason.
 */
export const neuronSectionInput = defineInput<NeuronSection | null>('neurons', ['network', 'logits'], (context) => {
  const table = networkPreActivations(context.network);
  return table === null ? null : neuronSection(table, context.get(logitsInput), { perNeuron: true });
});

function reading(id: string, pick: (s: NeuronSection) => number | null) {
  return (context: MeasureContext): MetricResult => {
    const section = context.get(neuronSectionInput);
    if (section === null) return undefinedMetric(id, 'other', 'the network has no first MLP layer built from weights');
    const value = pick(section);
    return value === null ? undefinedMetric(id, 'other', 'no fitted neuron or cluster gives this value') : defined(id, value);
  };
}

const common = { version: '1', needs: ['network', 'logits'], tolerance: { absolute: 1e-6 }, population: false } as const;

export const ckaDiscMetric = defineMetric({ ...common, key: 'ckaDisc', name: 'cka.disc', title: 'first-layer CKA to disc', meaning: "mean over frequency clusters (weighted by neuron count) of the linear CKA between the cluster's first-layer pre-activations and the disc [cos wa + cos wb, sin wa + sin wb] reference at its frequency (docs/neurons.md)", range: '[0, 1]: 1 = the same geometry; a perfect disc layer scores 1 here and 1/√2 to the torus', compute: reading('cka.disc@1', (s) => s.cka.disc) });
export const ckaCircleMetric = defineMetric({ ...common, key: 'ckaCircle', name: 'cka.circle', title: 'first-layer CKA to circle', meaning: "mean over frequency clusters (weighted by neuron count) of the linear CKA between the cluster's first-layer pre-activations and the circle [cos w(a+b), sin w(a+b)] reference at its frequency (docs/neurons.md)", range: '[0, 1]', compute: reading('cka.circle@1', (s) => s.cka.circle) });
export const ckaTorusMetric = defineMetric({ ...common, key: 'ckaTorus', name: 'cka.torus', title: 'first-layer CKA to torus', meaning: "mean over frequency clusters (weighted by neuron count) of the linear CKA between the cluster's first-layer pre-activations and the torus [cos wa, sin wa, cos wb, sin wb] reference at its frequency (docs/neurons.md)", range: '[0, 1]', compute: reading('cka.torus@1', (s) => s.cka.torus) });
export const logitCkaCircleMetric = defineMetric({ ...common, key: 'logitCkaCircle', name: 'logitCka.circle', title: 'logit CKA to circle', meaning: 'linear CKA between the logits (p² × outputs) and the circle references [cos w(a+b), sin w(a+b)] stacked over all cluster frequencies (docs/neurons.md)', range: '[0, 1]: 1 = the logits are a Clock-like read-out of a + b', compute: reading('logitCka.circle@1', (s) => s.logitCka.circle) });
export const neuronR2Degree1Metric = defineMetric({ ...common, key: 'neuronR2Degree1', name: 'neuronR2.degree1', title: 'median neuron R² (degree 1)', meaning: "the median over non-constant first-layer neurons of R² of the fit c₀ + c₁cos wa + c₂sin wa + c₃cos wb + c₄sin wb at the neuron's frequency (docs/neurons.md)", range: '[0, 1]: 1 = every neuron is a sum of one cosine of a and one of b', compute: reading('neuronR2.degree1@1', (s) => s.medianR2Degree1) });
export const neuronR2Degree2Metric = defineMetric({ ...common, key: 'neuronR2Degree2', name: 'neuronR2.degree2', title: 'median neuron R² (degree 1 + 2)', meaning: 'the same median with cos/sin w(a + b) and cos/sin w(a − b) added to each fit', range: '[0, 1]; at least the degree-1 value neuron by neuron', compute: reading('neuronR2.degree2@1', (s) => s.medianR2Degree2) });
export const deltaPhiSpreadMetric = defineMetric({ ...common, key: 'deltaPhiSpread', name: 'deltaPhi.spread', title: 'Δφ spread (R² ≥ 0.9)', meaning: 'the circular standard deviation √(−2 ln R̄) of Δφ = φ_L − φ_R over the neurons whose degree-1 R² ≥ 0.9, R̄ = |mean of e^{iΔφ}| (docs/neurons.md)', range: '[0, ∞) radians: 0 = every neuron has the same phase difference; undefined when R̄ = 0', compute: reading('deltaPhi.spread@1', (s) => s.deltaPhiSpread) });

export const NEURON_METRICS = [ckaDiscMetric, ckaCircleMetric, ckaTorusMetric, logitCkaCircleMetric, neuronR2Degree1Metric, neuronR2Degree2Metric, deltaPhiSpreadMetric] as const;
