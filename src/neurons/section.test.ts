import { beforeAll, describe, expect, it } from 'vitest';
import { tensorEngine } from '../model/backend.js';
import { loadCheckpoint } from '../model/load.js';
import { repoRoot } from '../reference.js';
import { join } from 'node:path';
import { firstLayerPreActivations } from './pre-activations.js';
import { neuronSection } from './section.js';

beforeAll(async () => {
  await tensorEngine();
});

describe('the neurons section on the constructed ideal Pizza (fixtures/ideal-pizza-p59)', () => {
  it('has disc CKA 1, circle 0, torus 1/√2, degree-1 R² 1 and Δφ 0 in both clusters', async () => {
    const c = await loadCheckpoint(join(repoRoot(), 'fixtures/ideal-pizza-p59.safetensors'));
    const s = neuronSection(firstLayerPreActivations(c), c.network.allLogits(), { perNeuron: true });
    // Its ReLU pairs read cos/sin w·a + cos/sin w·b exactly: a pure disc. The unused hidden
    // units (zero weights and bias) are constant and carry no fit.
    expect(s.clusters.map((k) => [k.frequency, k.count])).toEqual([[7, 118], [17, 118]]);
    expect(s.constantNeurons).toBe(32);
    expect(s.cka.disc!).toBeCloseTo(1, 9);
    expect(s.cka.circle!).toBeLessThan(1e-20);
    expect(s.cka.torus!).toBeCloseTo(Math.SQRT1_2, 9);
    expect(s.medianR2Degree1!).toBeCloseTo(1, 9);
    expect(s.deltaPhiSpread!).toBeLessThan(1e-6);
    for (const k of s.clusters) expect(Math.abs(k.deltaPhiMean)).toBeLessThan(1e-6);
    expect(s.perNeuron).toHaveLength(268);
    expect(s.perNeuron!.filter((n) => n.frequency === null)).toHaveLength(32);
  });
});

describe('the neurons section in audit reports', () => {
  it('carries the section (schema-checked by auditCheckpoint), per-neuron fits only with perNeuron, and the scalar metrics', async () => {
    const { auditCheckpoint } = await import('../audit/audit.js');
    const path = join(repoRoot(), 'fixtures/ideal-pizza-p59.safetensors');
    const plain = await auditCheckpoint(path);
    expect(plain.neurons?.clusters).toHaveLength(2);
    expect(plain.neurons?.perNeuron).toBeUndefined();
    expect(plain.metrics['ckaDisc']).toMatchObject({ id: 'cka.disc@1' });
    expect(plain.metrics['ckaDisc']!.value!).toBeCloseTo(1, 9);
    expect(plain.metrics['neuronR2Degree1']!.value!).toBeCloseTo(1, 9);
    const full = await auditCheckpoint(path, { perNeuron: true });
    expect(full.neurons?.perNeuron).toHaveLength(268);
  });
});
