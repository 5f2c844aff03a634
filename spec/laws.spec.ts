/**
 * Laws of the ideal algorithms, held with fast-check against their oracles and against the
 * weight-level ideal Pizza transformer. Each law says what is exactly true (and why) in its
 * title; the predictions that live in spec/algorithms/*.json (`signature`) are read from there.
 * Counterexamples shrink to named records: {p, frequencies, amplitudes, radii, ...}.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { accuracy } from '../src/metrics/accuracy.js';
import { circularity } from '../src/metrics/circularity.js';
import { distanceIrrelevance } from '../src/metrics/distance-irrelevance.js';
import { gradientSymmetricity } from '../src/metrics/gradient-symmetricity.js';
import { measureAll } from '../src/metrics/measure.js';
import type { MetricResult } from '../src/metrics/types.js';
import { tensorEngine } from '../src/model/backend.js';
import { networkFromTensors } from '../src/model/build.js';
import type { Triple } from '../src/model/network.js';
import { algorithm, allAlgorithms, templateTable, type CompiledAlgorithm } from '../src/oracle/compile.js';
import { oracleNetwork } from '../src/oracle/oracle-network.js';
import { idealPizzaOracle, idealPizzaWeights } from '../src/oracle/pizza-transformer.js';
import { permuteHiddenNeurons, randomOrthogonal, randomPermutation, rotateResidual } from '../src/oracle/symmetries.js';
import { mulberry32 } from '../src/stats/rng.js';

const PRIMES = [7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97, 101, 103, 107, 109, 113];
const SMALL = PRIMES.filter((p) => p <= 23);
const ALGORITHMS = allAlgorithms();

/** Mostly small primes (speed), sometimes any prime in 7..113. */
function prime(max = 113): fc.Arbitrary<number> {
  const all = PRIMES.filter((p) => p <= max);
  return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...SMALL.filter((p) => p <= max)) }, { weight: 1, arbitrary: fc.constantFrom(...all) });
}

interface CircleCase {
  p: number;
  /** Distinct, in 1..(p−1)/2 (so no two are the same circle up to sign). */
  frequencies: number[];
  /** Positive weights of each frequency's logit term. */
  amplitudes: number[];
  /** Radii of the embedding circles; distinct (by ≥ 0.25) when asked. */
  radii: number[];
}

function circleCase(options: { minK?: number; maxK?: number; maxP?: number; distinctRadii?: boolean } = {}): fc.Arbitrary<CircleCase> {
  const { minK = 1, maxK = 3, maxP = 113, distinctRadii = false } = options;
  return prime(maxP)
    .chain((p) => {
      const half = (p - 1) / 2;
      return fc.record({
        p: fc.constant(p),
        frequencies: fc.uniqueArray(fc.integer({ min: 1, max: half }), { minLength: Math.min(minK, half), maxLength: Math.min(maxK, half) }),
      });
    })
    .chain(({ p, frequencies }) => {
      const n = frequencies.length;
      const quarters = distinctRadii
        ? fc.uniqueArray(fc.integer({ min: 2, max: 9 }), { minLength: n, maxLength: n })
        : fc.array(fc.integer({ min: 2, max: 9 }), { minLength: n, maxLength: n });
      return fc.record({
        p: fc.constant(p),
        frequencies: fc.constant(frequencies),
        amplitudes: fc.array(fc.integer({ min: 1, max: 16 }).map((x) => x / 4), { minLength: n, maxLength: n }),
        radii: quarters.map((qs) => qs.map((x) => x / 4)),
      });
    });
}

/** Triples (a, b, c) in 0..p−1, as a shrinkable list of named records. */
function triples(p: number, max = 12): fc.Arbitrary<Triple[]> {
  const t = fc.integer({ min: 0, max: p - 1 });
  return fc.array(fc.record({ a: t, b: t, c: t }), { minLength: 1, maxLength: max }).map((xs) => xs.map(({ a, b, c }) => [a, b, c] as const));
}

function oracle(alg: CompiledAlgorithm, c: CircleCase) {
  return oracleNetwork(alg, c.p, c.frequencies, { amplitudes: c.amplitudes, radii: c.radii });
}

function value(result: MetricResult): number {
  if (result.value === null) throw new Error(`${result.id} undefined: ${result.reason}`);
  return result.value;
}

describe('algorithm specs: the logit over circle coordinates reduces to its token form', () => {
  for (const alg of ALGORITHMS) {
    it(`${alg.spec.name}: logit(cos wa, sin wa, cos wb, sin wb, c, w) = tokenForm(a, b, c, w) to 1e-9`, () => {
      fc.assert(
        fc.property(
          prime().chain((p) =>
            fc.record({ p: fc.constant(p), k: fc.integer({ min: 1, max: p - 1 }), a: fc.nat(p - 1), b: fc.nat(p - 1), c: fc.nat(p - 1) }),
          ),
          ({ p, k, a, b, c }) => {
            const theta = (2 * Math.PI * k) / p;
            const w = alg.outputAngularFrequency(k, p);
            const viaCircle = alg.logit(Math.cos(theta * a), Math.sin(theta * a), Math.cos(theta * b), Math.sin(theta * b), c, w);
            expect(Math.abs(viaCircle - alg.tokenForm(a, b, c, w))).toBeLessThan(1e-9);
          },
        ),
        { numRuns: 300 },
      );
    });
  }
});

describe('argmax laws', () => {
  // Each term is maximal exactly at c = (a+b) mod p: Clock's cos(w(a+b−c)) = 1 only there (k is a unit
  // mod p); the Pizzas multiply it (or |cos x| − |sin x| of the half angle) by |cos(w(a−b)/2)| > 0.
  for (const name of ['clock', 'pizza', 'pizza-notebook']) {
    it(`${name}: for any frequency set and positive amplitudes the argmax is (a+b) mod p for every pair`, () => {
      const alg = algorithm(name);
      fc.assert(
        fc.property(circleCase(), (c) => {
          const net = oracle(alg, c);
          expect(value(accuracy(net))).toBe(1);
        }),
        { numRuns: 12 },
      );
    });
  }

  it('pizza: |cos(w(a−b)/2)| never vanishes for odd prime p; its minimum over pairs is sin(π/2p) for every k', () => {
    fc.assert(
      fc.property(prime().chain((p) => fc.record({ p: fc.constant(p), k: fc.integer({ min: 1, max: p - 1 }) })), ({ p, k }) => {
        let min = Infinity;
        for (let d = 0; d < p; d++) min = Math.min(min, Math.abs(Math.cos((Math.PI * k * d) / p)));
        expect(Math.abs(min - Math.sin(Math.PI / (2 * p)))).toBeLessThan(1e-12);
      }),
      { numRuns: 100 },
    );
  });

  it('pizza-prime, one frequency: accuracy 1 iff p ≤ 53 (angle error ≤ 0.05524 rad < π/p), for every k', () => {
    const alg = algorithm('pizza-prime');
    fc.assert(
      fc.property(prime().chain((p) => fc.record({ p: fc.constant(p), k: fc.integer({ min: 1, max: (p - 1) / 2 }) })), ({ p, k }) => {
        const acc = value(accuracy(oracleNetwork(alg, p, [k])));
        if (p <= 53) expect(acc).toBe(1);
        else expect(acc).toBeLessThan(1);
      }),
      { numRuns: 30 },
    );
  });
});

describe('a pizza with its accompanying circle', () => {
  // Closed-form Pizza at k plus β × the accompanying circle at 2k (base frequency k): the
  // coefficient of cos(w(a+b−c)) is |cos(wd/2)| − 2β·cos(wd) = −4βx² + x + 2β with x = |cos(wd/2)|,
  // concave in x on [sin(π/2p), 1], so its minimum is at an end: f(sin(π/2p)) > 2β(1 − 4·sin²(π/2p)) > 0
  // and f(1) = 1 − 2β, reached at d = 0 (a = b).
  it('every pair is right iff β < 1/2 (at β ≥ 1/2 the pairs a = b fail)', () => {
    const pizza = algorithm('pizza');
    const accompanying = algorithm('accompanying-pizza');
    fc.assert(
      fc.property(
        prime().chain((p) =>
          fc.record({
            p: fc.constant(p),
            k: fc.integer({ min: 1, max: (p - 1) / 2 }),
            betaPercent: fc.integer({ min: 1, max: 200 }).filter((n) => n !== 50),
          }),
        ),
        ({ p, k, betaPercent }) => {
          const beta = betaPercent / 100;
          const table = templateTable(pizza, p, [k]);
          const extra = templateTable(accompanying, p, [(2 * k) % p]);
          let wrong = 0;
          let wrongOffDiagonal = 0;
          for (let a = 0; a < p; a++) {
            for (let b = 0; b < p; b++) {
              const row = (a * p + b) * p;
              let best = 0;
              for (let c = 1; c < p; c++) if (table[row + c]! + beta * extra[row + c]! > table[row + best]! + beta * extra[row + best]!) best = c;
              if (best !== (a + b) % p) {
                wrong++;
                if (a !== b) wrongOffDiagonal++;
              }
            }
          }
          if (beta < 0.5) expect(wrong).toBe(0);
          else expect(wrong).toBeGreaterThanOrEqual(p);
          if (beta < 0.5) expect(wrongOffDiagonal).toBe(0);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('gradient symmetricity', () => {
  // Templates of s = E_a + E_b alone (every Pizza, the accompanying pizza): ∂Q/∂E_a = ∂Q/∂E_b.
  for (const alg of ALGORITHMS) {
    const predicted = alg.spec.signature.gradientSymmetricity;
    if (predicted?.value === undefined) continue;
    it(`${alg.spec.name}: GS = ${predicted.value} ± ${predicted.tolerance} for any frequencies, amplitudes, radii and triples`, () => {
      fc.assert(
        fc.property(
          circleCase().chain((c) => fc.record({ oracle: fc.constant(c), triples: triples(c.p) })),
          ({ oracle: c, triples: ts }) => {
            const gs = value(gradientSymmetricity(oracle(alg, c), { triples: ts }));
            expect(Math.abs(gs - predicted.value!)).toBeLessThanOrEqual(predicted.tolerance ?? 0);
          },
        ),
        { numRuns: 40 },
      );
    });
  }

  it('clock, one frequency: GS = mean over the sample of the spec’s meanOf, cos(w(a−b))', () => {
    const clock = algorithm('clock');
    const perTriple = clock.meanOf.gradientSymmetricity!;
    fc.assert(
      fc.property(
        circleCase({ maxK: 1 }).chain((c) => fc.record({ oracle: fc.constant(c), triples: triples(c.p) })),
        ({ oracle: c, triples: ts }) => {
          const w = clock.outputAngularFrequency(c.frequencies[0]!, c.p);
          const expected = ts.reduce((s, [a, b, cc]) => s + perTriple(a, b, cc, w), 0) / ts.length;
          expect(Math.abs(value(gradientSymmetricity(oracle(clock, c), { triples: ts })) - expected)).toBeLessThan(1e-12);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('clock, several frequencies: each triple gives Σ (amp/r)²·cos(w(a−b)) / Σ (amp/r)²', () => {
    const clock = algorithm('clock');
    fc.assert(
      fc.property(
        circleCase({ minK: 2 }).chain((c) => fc.record({ oracle: fc.constant(c), triples: triples(c.p) })),
        ({ oracle: c, triples: ts }) => {
          const weights = c.amplitudes.map((amp, i) => (amp / c.radii[i]!) ** 2);
          const total = weights.reduce((s, x) => s + x, 0);
          let expected = 0;
          for (const [a, b] of ts) {
            expected += c.frequencies.reduce((s, k, i) => s + weights[i]! * Math.cos(((2 * Math.PI * k) / c.p) * (a - b)), 0) / total;
          }
          expected /= ts.length;
          expect(Math.abs(value(gradientSymmetricity(oracle(clock, c), { triples: ts })) - expected)).toBeLessThan(1e-12);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('distance irrelevance', () => {
  for (const alg of ALGORITHMS) {
    const predicted = alg.spec.signature.distanceIrrelevance;
    if (predicted === undefined) continue;
    const oneFrequency = predicted.when?.startsWith('one frequency') === true;
    const claim =
      predicted.undefined !== undefined
        ? `undefined (${predicted.undefined})`
        : predicted.value !== undefined
          ? `${predicted.value} ± ${predicted.tolerance}`
          : `≤ ${predicted.atMost}`;
    it(`${alg.spec.name}: DI ${claim}${oneFrequency ? ' (one frequency)' : ' for any frequencies and amplitudes'}`, () => {
      fc.assert(
        fc.property(circleCase(oneFrequency ? { maxK: 1 } : {}), (c) => {
          const di = distanceIrrelevance(oracle(alg, c));
          if (predicted.undefined !== undefined) {
            expect(di.value).toBeNull();
            expect(di.value === null && di.kind).toBe(predicted.undefined);
          } else if (predicted.value !== undefined) {
            expect(Math.abs(value(di) - predicted.value)).toBeLessThanOrEqual(predicted.tolerance ?? 0);
          } else {
            expect(value(di)).toBeLessThanOrEqual(predicted.atMost!);
          }
        }),
        { numRuns: 12 },
      );
    });
  }
});

describe('circularity', () => {
  // Each pair of principal components spans one circle (PCA with min(20, p−1) components; the
  // score uses the network's p), and a circle's scores are a pure Fourier mode: score 1.
  it('= 1 (to 1e-9) for embeddings of ≥ 2 circles with distinct radii, any p in 7..113', () => {
    const clock = algorithm('clock');
    fc.assert(
      fc.property(circleCase({ minK: 2, distinctRadii: true }), (c) => {
        expect(Math.abs(value(circularity(oracle(clock, c))) - 1)).toBeLessThan(1e-9);
      }),
      { numRuns: 40 },
    );
  });
});

describe('weight-level ideal Pizza transformer', () => {
  beforeAll(async () => {
    await tensorEngine();
  });

  interface TransformerCase {
    p: number;
    frequencies: number[];
    radii: number[];
    gain: number;
    rotationSeed: number;
    permutationSeed: number;
  }
  const transformerCase: fc.Arbitrary<TransformerCase> = circleCase({ minK: 2, maxK: 3, maxP: 31, distinctRadii: true }).chain((c) =>
    fc.record({
      p: fc.constant(c.p),
      frequencies: fc.constant(c.frequencies),
      radii: fc.constant(c.radii),
      gain: fc.constantFrom(10, 100, 1000),
      rotationSeed: fc.nat(),
      permutationSeed: fc.nat(),
    }),
  );

  it('reaches accuracy 1 and audits like its oracle: same logits, DI ≈ 0, circularity 1, GS = (1 + 1/λ² + 1/(2|K|λ²))^−½', () => {
    fc.assert(
      fc.property(transformerCase, (t) => {
        const options = { p: t.p, frequencies: t.frequencies, radii: t.radii, gain: t.gain };
        const built = idealPizzaWeights(options);
        const net = networkFromTensors(built.tensors, built.config);
        const ideal = idealPizzaOracle(options);
        const logits = net.allLogits();
        const reference = ideal.allLogits();
        let worst = 0;
        for (let i = 0; i < logits.length; i++) worst = Math.max(worst, Math.abs(logits[i]! - reference[i]!));
        expect(worst).toBeLessThan(1e-5);
        expect(value(accuracy(net, logits))).toBe(1);
        expect(value(distanceIrrelevance(net, logits))).toBeLessThan(1e-5);
        expect(Math.abs(value(circularity(net)) - 1)).toBeLessThan(1e-9);
        // ∂Q/∂s has norm √2 per frequency and the logit slot adds 1, so every triple gives the same cosine.
        const k = t.frequencies.length;
        const predicted = 1 / Math.sqrt(1 + 1 / t.gain ** 2 + 1 / (2 * k * t.gain ** 2));
        expect(Math.abs(value(gradientSymmetricity(net, { sampleSize: 30 })) - predicted)).toBeLessThan(1e-5);
      }),
      { numRuns: 8 },
    );
  });

  it('every metric is invariant under rotations of the residual stream and permutations of hidden neurons', () => {
    fc.assert(
      fc.property(transformerCase, (t) => {
        const built = idealPizzaWeights({ p: t.p, frequencies: t.frequencies, radii: t.radii, gain: t.gain });
        const rotation = randomOrthogonal(built.dModel, mulberry32(t.rotationSeed));
        const permutation = randomPermutation(4 * built.dModel, mulberry32(t.permutationSeed));
        const moved = permuteHiddenNeurons(rotateResidual(built.tensors, rotation), permutation);
        const before = measureAll(networkFromTensors(built.tensors, built.config), { sampleSize: 30 });
        const after = measureAll(networkFromTensors(moved, built.config), { sampleSize: 30 });
        for (const key of Object.keys(before.metrics) as (keyof typeof before.metrics)[]) {
          const [x, y] = [before.metrics[key], after.metrics[key]];
          expect(y.value === null, key).toBe(x.value === null);
          if (x.value !== null && y.value !== null) {
            const scale = key === 'parameterNorm' ? Math.abs(x.value) : 1;
            expect(Math.abs(x.value - y.value), key).toBeLessThanOrEqual(1e-5 * Math.max(1, scale));
          }
        }
        expect(after.circles.slice(0, 4).map((c) => c.delta)).toEqual(before.circles.slice(0, 4).map((c) => c.delta));
      }),
      { numRuns: 6 },
    );
  });
});
