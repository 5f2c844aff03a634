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

export const ckaDiscMetric = defineMetric({ ...common, key: 'ckaDisc', name: 'cka.disc', title: 'first-layer CKA to disc', compute: reading('cka.disc@1', (s) => s.cka.disc) });
export const ckaCircleMetric = defineMetric({ ...common, key: 'ckaCircle', name: 'cka.circle', title: 'first-layer CKA to circle', compute: reading('cka.circle@1', (s) => s.cka.circle) });
export const ckaTorusMetric = defineMetric({ ...common, key: 'ckaTorus', name: 'cka.torus', title: 'first-layer CKA to torus', compute: reading('cka.torus@1', (s) => s.cka.torus) });
export const logitCkaCircleMetric = defineMetric({ ...common, key: 'logitCkaCircle', name: 'logitCka.circle', title: 'logit CKA to circle', compute: reading('logitCka.circle@1', (s) => s.logitCka.circle) });
export const neuronR2Degree1Metric = defineMetric({ ...common, key: 'neuronR2Degree1', name: 'neuronR2.degree1', title: 'median neuron R² (degree 1)', compute: reading('neuronR2.degree1@1', (s) => s.medianR2Degree1) });
export const neuronR2Degree2Metric = defineMetric({ ...common, key: 'neuronR2Degree2', name: 'neuronR2.degree2', title: 'median neuron R² (degree 1 + 2)', compute: reading('neuronR2.degree2@1', (s) => s.medianR2Degree2) });
export const deltaPhiSpreadMetric = defineMetric({ ...common, key: 'deltaPhiSpread', name: 'deltaPhi.spread', title: 'Δφ spread (R² ≥ 0.9)', compute: reading('deltaPhi.spread@1', (s) => s.deltaPhiSpread) });

export const NEURON_METRICS = [ckaDiscMetric, ckaCircleMetric, ckaTorusMetric, logitCkaCircleMetric, neuronR2Degree1Metric, neuronR2Degree2Metric, deltaPhiSpreadMetric] as const;
