import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { componentCircles } from '../src/metrics/circularity.js';
import { logitFve } from '../src/metrics/fve.js';
import { isolateCircle } from '../src/metrics/isolation.js';
import { measureAll, type Measurement } from '../src/metrics/measure.js';
import { modInverse, foldFrequency } from '../src/metrics/modular.js';
import { pca } from '../src/metrics/pca.js';
import type { Network } from '../src/model/network.js';
import { loadCheckpoint } from '../src/model/load.js';
import { hasReference, referenceCheckpoint, referenceExpected, REFERENCE_RUNS } from '../src/reference.js';

/**
 * Every metric against the reference code's own values on the five released checkpoints
 * (METRICS.md §5) and the notebook's per-circle FVE (§4).
 */
interface Expected {
  accuracy_all_pairs: number;
  parameter_norm: number;
  gradient_symmetricity: number;
  distance_irrelevance_correct_logit: number;
  distance_irrelevance_top_incorrect_logit: number;
  circularity: number;
  correct_logit_matrix_by_sum_diff: number[][];
  pc_circles: { pc: number; delta: number; score: number }[];
}

const p = 59;
type Template = (a: number, b: number, c: number, w: number) => number;

// METRICS.md §4 templates, written out as plain functions of the tokens and w = 2πk/p.
const clock: Template = (a, b, c, w) => Math.cos(w * (a + b - c));
const pizzaNotebook: Template = (a, b, c, w) => {
  const s0 = Math.cos(w * a) + Math.cos(w * b);
  const s1 = Math.sin(w * a) + Math.sin(w * b);
  const h = (w * c) / 2;
  return Math.abs(Math.cos(h) * s0 + Math.sin(h) * s1) - Math.abs(-Math.sin(h) * s0 + Math.cos(h) * s1);
};
const pizzaPrime: Template = (a, b, c, w) => {
  const [ca, sa, cb, sb] = [Math.cos(w * a), Math.sin(w * a), Math.cos(w * b), Math.sin(w * b)];
  return (Math.abs(ca + cb) - Math.abs(sa + sb)) * Math.cos(w * c) - ((Math.abs(ca + cb - sa - sb) - Math.abs(ca + cb + sa + sb)) * Math.sin(w * c)) / Math.SQRT2;
};
const accompanying: Template = (a, b, c, w) => -2 * Math.cos(w * (a - b)) * Math.cos(w * (a + b - c));

function templateTable(t: Template, k: number): Float64Array {
  const w = (2 * Math.PI * k) / p;
  const out = new Float64Array(p ** 3);
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) for (let c = 0; c < p; c++) out[(a * p + b) * p + c] = t(a, b, c, w);
  return out;
}

if (!hasReference()) console.warn('skipping spec/metrics-reference.spec.ts: CLOCKPIZZA_REFERENCE absent');

describe.skipIf(!hasReference())('metrics match the reference code on the released checkpoints', () => {
  const networks = new Map<string, Network>();
  const measured = new Map<string, Measurement>();
  const expected = new Map<string, Expected>();
  beforeAll(async () => {
    for (const { runid } of REFERENCE_RUNS) {
      const { network } = await loadCheckpoint(referenceCheckpoint(runid));
      networks.set(runid, network);
      measured.set(runid, measureAll(network));
      expected.set(runid, JSON.parse(readFileSync(referenceExpected(runid), 'utf8')) as Expected);
    }
  });

  for (const { runid, what } of REFERENCE_RUNS) {
    describe(`${runid} (${what})`, () => {
      it('gradient symmetricity, both distance irrelevances to 1e-4; circularity to 1e-5', () => {
        const m = measured.get(runid)!.metrics;
        const e = expected.get(runid)!;
        expect(Math.abs(m.gradientSymmetricity.value! - e.gradient_symmetricity)).toBeLessThan(1e-4);
        expect(Math.abs(m.distanceIrrelevance.value! - e.distance_irrelevance_correct_logit)).toBeLessThan(1e-4);
        expect(Math.abs(m.distanceIrrelevanceTopIncorrect.value! - e.distance_irrelevance_top_incorrect_logit)).toBeLessThan(1e-4);
        expect(Math.abs(m.circularity.value! - e.circularity)).toBeLessThan(1e-5);
      });
      it('accuracy exactly, parameter norm to 1e-4', () => {
        const m = measured.get(runid)!.metrics;
        const e = expected.get(runid)!;
        expect(m.accuracy.value).toBe(e.accuracy_all_pairs);
        expect(Math.abs(m.parameterNorm.value! - e.parameter_norm)).toBeLessThan(1e-4);
      });
      it('pc_circles: δ of all 12 components exactly, scores to 1e-4', () => {
        const circles = measured.get(runid)!.circles;
        const e = expected.get(runid)!.pc_circles;
        expect(circles.map((c) => c.delta)).toEqual(e.map((c) => c.delta));
        for (let i = 0; i < 12; i++) expect(Math.abs(circles[i]!.score - e[i]!.score)).toBeLessThan(1e-4);
      });
    });
  }

  /** FVE in % of the circle of components (i, i+1) against `template` at frequency k. */
  function circleFve(runid: string, components: [number, number], template: Template, k: number): number {
    const network = networks.get(runid)!;
    const isolated = isolateCircle(network, components, measured.get(runid)!.pca);
    return 100 * logitFve(isolated.allLogits(), isolated.nOutputs, templateTable(template, k), p)!;
  }

  describe('Model A (p99zdpze5l): per-circle FVE within 0.5 pp of the notebook', () => {
    const runid = 'p99zdpze5l';
    const circles: { components: [number, number]; delta: number; clock: number; pizza: number; pizzaPrime: number }[] = [
      { components: [1, 2], delta: 7, clock: 75.41, pizza: 98.31, pizzaPrime: 98.36 },
      { components: [3, 4], delta: 20, clock: 75.62, pizza: 98.31, pizzaPrime: 98.3 },
      { components: [5, 6], delta: 4, clock: 75.38, pizza: 98.41, pizzaPrime: 98.61 },
    ];
    for (const c of circles) {
      it(`components ${c.components.join('-')} (δ ${c.delta}): Clock ${c.clock} %, Pizza ${c.pizza} %, Pizza′ ${c.pizzaPrime} %`, () => {
        const circle = measured.get(runid)!.circles[c.components[0] - 1]!;
        expect(circle.delta).toBe(c.delta);
        const k = circle.frequency;
        expect(Math.abs(circleFve(runid, c.components, clock, k) - c.clock)).toBeLessThan(0.5);
        expect(Math.abs(circleFve(runid, c.components, pizzaNotebook, k) - c.pizza)).toBeLessThan(0.5);
        expect(Math.abs(circleFve(runid, c.components, pizzaPrime, k) - c.pizzaPrime)).toBeLessThan(0.5);
      });
    }
    const accompanyingCircles: { components: [number, number]; delta: number; fve: number }[] = [
      { components: [7, 8], delta: 26, fve: 97.56 },
      { components: [9, 10], delta: 10, fve: 97.23 },
      { components: [11, 12], delta: 2, fve: 97.69 },
    ];
    for (const c of accompanyingCircles) {
      it(`components ${c.components.join('-')} (δ ${c.delta}): accompanying pizza at the base frequency ${c.fve} %`, () => {
        const circle = measured.get(runid)!.circles[c.components[0] - 1]!;
        expect(circle.delta).toBe(c.delta);
        const base = foldFrequency(circle.frequency * modInverse(2, p), p);
        expect(Math.abs(circleFve(runid, c.components, accompanying, base) - c.fve)).toBeLessThan(0.5);
      });
    }
  });

  it('Model B (l8k1hzciux) components 1-2 (δ 9): Clock 76.6 %, Pizza 59.6 %', () => {
    const runid = 'l8k1hzciux';
    const circle = measured.get(runid)!.circles[0]!;
    expect(circle.delta).toBe(9);
    expect(Math.abs(circleFve(runid, [1, 2], clock, circle.frequency) - 76.6)).toBeLessThan(0.5);
    expect(Math.abs(circleFve(runid, [1, 2], pizzaNotebook, circle.frequency) - 59.6)).toBeLessThan(0.5);
  });

  it('the correct-logit table equals expected correct_logit_matrix_by_sum_diff (orientation L[s][d])', async () => {
    const { correctLogitTable } = await import('../src/metrics/distance-irrelevance.js');
    for (const { runid } of REFERENCE_RUNS) {
      const table = correctLogitTable(networks.get(runid)!, measured.get(runid)!.logits);
      const e = expected.get(runid)!.correct_logit_matrix_by_sum_diff;
      let worst = 0;
      for (let s = 0; s < p; s++) for (let d = 0; d < p; d++) worst = Math.max(worst, Math.abs(table.data[s * p + d]! - e[s]![d]!) / Math.max(1, Math.abs(e[s]![d]!)));
      expect(worst).toBeLessThan(1e-4);
    }
  });

  it('componentCircles on a fresh PCA agrees with measureAll', () => {
    const network = networks.get('p99zdpze5l')!;
    const e = network.embeddingMatrix();
    expect(componentCircles(e, p, 12, pca(e))).toEqual(measured.get('p99zdpze5l')!.circles);
  });
});
