import { describe, expect, it } from 'vitest';
import { componentCircles } from '../metrics/circularity.js';
import { fourierSpectrum, keyFrequenciesOf } from '../metrics/fourier.js';
import { circleEmbedding, functionNetwork } from '../../test/support/function-network.js';
import { pca } from '../metrics/pca.js';
import type { Network } from '../model/network.js';
import { randomOrthogonal } from '../oracle/symmetries.js';
import { mulberry32 } from '../stats/rng.js';
import { auditCircles } from './circles.js';
import { auditPlaneCircles } from './plane-circles.js';
import { loadRules } from './rules.js';
import { specTemplates } from './templates.js';
import { ensembleNetwork } from '../../test/support/test-network.js';

const p = 31;
const rules = loadRules();
const templates = specTemplates();

/**
 * ensembleNetwork's pizza (k 3), accompanying circle (6) and clock (11), all of radius 1 and
 * turned by a random rotation R of the embedding space: the logits read the circle coordinates
 * back through Rᵀ (ensembleLogit), but PCA sees three equal variances.
 */
function equalRadiiEnsemble(seed: number): Network {
  const r = randomOrthogonal(6, mulberry32(seed)).data;
  const turn = (x: Float64Array, back: boolean): Float64Array => {
    const out = new Float64Array(6);
    for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) out[i]! += (back ? r[j * 6 + i]! : r[i * 6 + j]!) * x[j]!;
    return out;
  };
  const plain = circleEmbedding(p, [3, 6, 11]);
  const data = new Float64Array(p * 6);
  for (let t = 0; t < p; t++) data.set(turn(plain.data.subarray(t * 6, (t + 1) * 6), false), t * 6);
  return functionNetwork({ p, embedding: { rows: p, cols: 6, data }, logit: (ea, eb, c) => ensembleLogit(turn(ea, true), turn(eb, true), c) });
}

const w = (f: number): number => (2 * Math.PI * f) / p;
function ensembleLogit(ea: Float64Array, eb: Float64Array, c: number): number {
  const notebook = (s0: number, s1: number): number =>
    Math.abs(Math.cos((w(3) * c) / 2) * s0 + Math.sin((w(3) * c) / 2) * s1) - Math.abs(-Math.sin((w(3) * c) / 2) * s0 + Math.cos((w(3) * c) / 2) * s1);
  const pizza = notebook(ea[0]! + eb[0]!, ea[1]! + eb[1]!);
  const accompanying = -(ea[2]! + eb[2]!) * Math.cos(w(3) * c) - (ea[3]! + eb[3]!) * Math.sin(w(3) * c);
  const [ca, sa, cb, sb] = [ea[4]!, ea[5]!, eb[4]!, eb[5]!];
  return pizza + accompanying + (ca * cb - sa * sb) * Math.cos(w(11) * c) + (ca * sb + sa * cb) * Math.sin(w(11) * c);
}

describe('auditPlaneCircles', () => {
  it('finds the pizza, its accompanying circle and the clock as Fourier planes, largest first', () => {
    const network = ensembleNetwork(p, 3, 11);
    const spectrum = fourierSpectrum(network.embeddingMatrix(), p);
    const audit = auditPlaneCircles(network, { spectrum, keyFrequencies: keyFrequenciesOf(spectrum) }, templates, rules);
    expect(audit.circles.map((c) => [c.frequency, c.role, c.accompanies ?? null])).toEqual([
      [3, 'pizza', null],
      [6, 'accompanying', 3],
      [11, 'clock', null],
    ]);
    expect(audit.circles.map((c) => c.share)).toEqual([9 / 14, 4 / 14, 1 / 14].map((x) => expect.closeTo(x, 12)));
    expect(audit.circles[0]!.fve['pizza-notebook']).toBeCloseTo(1, 9);
    expect(audit.circles[1]!.why).toMatch(/\(pizza k 3\)/);
    expect(audit).toMatchObject({ ensemble: true, mixedEnsemble: true });
  });

  it('equal radii under a rotation: the planes still separate the three circles, where PCA pairs mixtures', () => {
    const network = equalRadiiEnsemble(4);
    const embedding = network.embeddingMatrix();
    const spectrum = fourierSpectrum(embedding, p);
    const planes = auditPlaneCircles(network, { spectrum, keyFrequencies: keyFrequenciesOf(spectrum) }, templates, rules);
    // Equal shares: their order is rounding's, so compare by frequency.
    expect(planes.circles.map((c) => [c.frequency, c.role]).sort((x, y) => Number(x[0]) - Number(y[0]))).toEqual([
      [3, 'pizza'],
      [6, 'accompanying'],
      [11, 'clock'],
    ]);
    const fit = pca(embedding);
    const pcaCircles = auditCircles(network, { circles: componentCircles(embedding, p, 6, fit), pca: fit }, templates, rules);
    expect(pcaCircles.circles.map((c) => c.role)).not.toEqual(['pizza', 'accompanying', 'clock']);
  });
});
